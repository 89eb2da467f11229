package io.moolah.cache.messaging;

import io.moolah.cache.layer.LocalLayer;
import io.moolah.cache.layer.RedisLayer;
import io.moolah.cache.model.BalanceSnapshot;
import io.moolah.events.EventEnvelope;
import io.moolah.events.Topics;
import io.moolah.events.transaction.WalletMovement;
import io.moolah.platform.messaging.EventHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps the read model current from {@code transaction.events}. Idempotent by version: an event only ever replaces an
 * older version, in L2 (a Redis script) and in L1, so redeliveries and late events change nothing.
 *
 * <p>Each replica reads every event in a consumer group of its own, starting from the latest: that is how replicas keep
 * their L1 coherent (an update seen by one is seen by all), and a new replica has nothing to catch up on (an empty L1
 * fills from L2 and L3).
 */
@ApplicationScoped
public class TransactionEventsConsumer implements EventHandler {
    private static final String INSTANCE = UUID.randomUUID().toString();

    @Inject
    LocalLayer l1;

    @Inject
    RedisLayer l2;

    @Override
    public String consumerName() {
        return "cache-service." + INSTANCE;
    }

    @Override
    public List<String> topics() {
        return List.of(Topics.TRANSACTION_EVENTS);
    }

    @Override
    public String startFrom() {
        return "latest";
    }

    @Override
    public void handle(EventEnvelope event) {
        BalanceSnapshot snapshot = snapshotOf(event);
        if (snapshot != null) {
            l2.offer(snapshot);
            l1.refresh(snapshot);
        }
    }

    /**
     * A poll's events at once: only each wallet's newest version matters, so a busy wallet's many events become one
     * write, and all the wallets' writes go to Redis in one round trip (one script call), then to L1.
     */
    @Override
    public void handleAll(List<EventEnvelope> events) {
        Map<UUID, BalanceSnapshot> newest = new LinkedHashMap<>();
        for (EventEnvelope event : events) {
            BalanceSnapshot snapshot = snapshotOf(event);
            if (snapshot != null) {
                newest.merge(snapshot.walletId(), snapshot, (kept, next) -> next.version() > kept.version() ? next : kept);
            }
        }
        l2.offerAll(newest.values());
        newest.values().forEach(l1::refresh);
    }

    @Override
    public boolean handlesInBatches() {
        return true;
    }

    /** The balance an event carries, or null for an event without one. */
    private static BalanceSnapshot snapshotOf(EventEnvelope event) {
        WalletMovement movement = event.payloadAs(WalletMovement.class);
        if (movement.walletId() == null || movement.balance() == null) {
            return null;
        }
        return new BalanceSnapshot(movement.walletId(), movement.currency(),
                movement.balance().ledgerBalance(), movement.balance().heldAmount(), movement.balance().availableBalance(),
                movement.version(), movement.occurredAt());
    }
}
