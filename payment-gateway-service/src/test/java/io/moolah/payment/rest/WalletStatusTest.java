package io.moolah.payment.rest;

import io.moolah.localstack.Await;
import io.moolah.localstack.simulators.ZapperSimulator;
import io.moolah.localstack.testing.KafkaResource;
import io.moolah.localstack.testing.PostgresResource;
import io.moolah.localstack.testing.TestTokens;
import io.moolah.payment.CounterpartsResource;
import io.moolah.payment.PaymentRows;
import io.moolah.payment.Customers;
import io.moolah.payment.Customers.Customer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frozen or closed wallet neither tops up nor pays: refused before any checkout is opened or hold asked for, as the
 * wallet's status arrives on account.events.
 */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "payment"),
        scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = CounterpartsResource.class, scope = TestResourceScope.GLOBAL)
class WalletStatusTest {

    @Inject
    EntityManager database;

    @Transactional
    String projectedStatus(UUID walletId) {
        List<?> rows = database.createNativeQuery("select status from wallet where wallet_id = ?1").setParameter(1, walletId)
                .getResultList();
        return rows.isEmpty() ? null : (String) rows.get(0);
    }

    @Inject
    PaymentRows rows;

    private void await(Customer customer, String status) {
        Await.until("the wallet to be " + status + " here", Duration.ofSeconds(30), () -> status.equals(projectedStatus(customer.walletId())));
    }

    @Test
    void aFrozenWalletIsRefusedBeforeAnyCheckoutOrHoldAndAnUnfrozenOneIsNot() {
        Customer customer = Customers.newCustomer();
        Customers.opened(customer);
        Customers.statusChanged(customer, "ACTIVE", "FROZEN");
        await(customer, "FROZEN");
        int checkoutsBefore = CounterpartsResource.relay().checkoutsOpened();

        var topUp = TopUpIdempotencyTest.startTopUp(customer, UUID.randomUUID().toString(), 1_002);
        assertEquals(422, topUp.statusCode(), topUp.asString());
        assertEquals("application/problem+json", topUp.contentType());
        assertEquals("WALLET_NOT_ACTIVE", topUp.path("code"));
        var qr = QrPaymentTest.pay(customer, UUID.randomUUID().toString(),
                QrPaymentTest.qr(customer, ZapperSimulator.qrCode("817", "463", "10.00", "Central Perk"), 1000));
        assertEquals(422, qr.statusCode(), qr.asString());
        assertEquals("WALLET_NOT_ACTIVE", qr.path("code"));
        assertEquals(checkoutsBefore, CounterpartsResource.relay().checkoutsOpened(), "no checkout was opened");
        assertTrue(CounterpartsResource.ledger().holdsAskedFor(customer.walletId()).isEmpty(), "no hold was asked for");
        assertEquals(0, rows.payments(customer.walletId()), "nothing was recorded");

        Customers.statusChanged(customer, "FROZEN", "ACTIVE");
        await(customer, "ACTIVE");
        assertEquals(201, TopUpIdempotencyTest.startTopUp(customer, UUID.randomUUID().toString(), 1_002).statusCode());
    }

    @Test
    void aClosedWalletIsRefused() {
        Customer customer = Customers.newCustomer();
        Customers.opened(customer);
        Customers.statusChanged(customer, "ACTIVE", "CLOSED");
        await(customer, "CLOSED");
        var topUp = TopUpIdempotencyTest.startTopUp(customer, UUID.randomUUID().toString(), 5_000);
        assertEquals(422, topUp.statusCode(), topUp.asString());
        assertEquals("WALLET_NOT_ACTIVE", topUp.path("code"));
        assertEquals(0, rows.payments(customer.walletId()));
    }
}
