package io.moolah.payment;

import io.moolah.events.EventJson;
import io.moolah.events.Topics;
import io.moolah.events.account.AccountEventTypes;
import io.moolah.events.account.Limits;
import io.moolah.events.account.WalletOpened;
import io.moolah.events.account.WalletStatusChanged;
import io.moolah.localstack.testing.SharedInfrastructure;
import io.moolah.localstack.testing.TestTokens;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.UUID;

/** Customers as the account-service makes them: a signed token for their wallet, and the wallet's events on the real broker. */
public final class Customers {
    private static KafkaProducer<String, String> producer;

    private Customers() {
    }

    public record Customer(UUID customerId, UUID walletId, String token) {
    }

    /** A customer with one wallet the account-service has not announced (yet): as right after registration. */
    public static Customer newCustomer() {
        UUID customerId = UUID.randomUUID();
        UUID walletId = UUID.randomUUID();
        return new Customer(customerId, walletId, TestTokens.customer(customerId, walletId));
    }

    /** Announces the wallet, ACTIVE, on account.events. */
    public static void opened(Customer customer) {
        publish(customer.walletId(), AccountEventTypes.WALLET_OPENED, new WalletOpened(customer.walletId(), customer.customerId(),
                "+2782" + String.format("%07d", Math.floorMod(customer.walletId().hashCode(), 10_000_000)), "ZAR", "ACTIVE", 1,
                new Limits(100_000_000L, 500_000_000L, 1_000_000_000L)));
    }

    /** An operator froze, unfroze or closed the wallet: its WalletStatusChanged on account.events. */
    public static void statusChanged(Customer customer, String from, String to) {
        publish(customer.walletId(), AccountEventTypes.WALLET_STATUS_CHANGED,
                new WalletStatusChanged(customer.walletId(), customer.customerId(), from, to, "test"));
    }

    private static synchronized void publish(UUID walletId, String type, Object payload) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of("bootstrap.servers", SharedInfrastructure.get().kafkaBootstrapServers(),
                    "acks", "all"), new StringSerializer(), new StringSerializer());
        }
        try {
            producer.send(new ProducerRecord<>(Topics.ACCOUNT_EVENTS, walletId.toString(), EventJson.toJson(
                    EventJson.newEvent(type, AccountEventTypes.VERSION, walletId.toString(), "account-service", payload)))).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + type, e);
        }
    }
}
