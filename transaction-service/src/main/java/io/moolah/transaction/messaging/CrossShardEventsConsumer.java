package io.moolah.transaction.messaging;

import io.moolah.events.EventEnvelope;
import io.moolah.outbox.TransactionalEventHandler;
import io.moolah.transaction.event.CrossShardEvents;
import io.moolah.transaction.repository.Sql;
import io.moolah.transaction.service.CrossShardTransfers;
import io.moolah.transaction.shard.LedgerShards;
import io.moolah.transaction.shard.ShardScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/**
 * The guarantee behind cross-shard transfers (docs/sharding.md): whatever the fast path after a batch did not finish
 * (the process died, a shard was unreachable), these events do. A transfer sent is received on the recipient's shard;
 * a receiver's outcome settles the transfer on the sender's shard. Both steps are idempotent, and each shard's
 * processed-event log drops redeliveries.
 */
@ApplicationScoped
public class CrossShardEventsConsumer extends TransactionalEventHandler {

    @Inject
    CrossShardTransfers transfers;

    @Inject
    LedgerShards shards;

    @Inject
    Sql sql;

    @Override
    public String consumerName() {
        return "transaction-service.cross-shard";
    }

    @Override
    public List<String> topics() {
        return List.of(CrossShardEvents.TOPIC);
    }

    /**
     * Each event on the shard it concerns: a transfer sent on its receiver's, an outcome on its sender's. An event whose
     * step has already run there (the fast path after the batch did it, as it normally does) is passed over after one
     * read, without a transaction: the step is idempotent, so nothing is lost by not recording the event.
     */
    @Override
    protected void inEachDatabase(List<EventEnvelope> events, Runnable work) {
        EventEnvelope event = events.get(0);
        boolean sent = CrossShardEvents.SENT.equals(event.type());
        UUID transferId;
        int shard;
        if (sent) {
            CrossShardEvents.Sent payload = event.payloadAs(CrossShardEvents.Sent.class);
            transferId = payload.transferId();
            shard = payload.toShard();
        } else {
            CrossShardEvents.Outcome payload = event.payloadAs(CrossShardEvents.Outcome.class);
            transferId = payload.transferId();
            shard = payload.fromShard();
        }
        if (shard >= shards.count()) {
            throw new IllegalStateException("a cross-shard event for shard " + shard + ", which this service does not have");
        }
        ShardScope.run(shards.shard(shard), () -> {
            boolean done = sent
                    ? sql.one("select 1 from cross_shard_receipt where transfer_id = ?", row -> 1, transferId).isPresent()
                    : sql.one("select 1 from cross_shard_transfer where id = ? and status <> 'SENT'", row -> 1, transferId).isPresent();
            if (!done) {
                work.run();
            }
        });
    }

    @Override
    protected void apply(EventEnvelope event) {
        switch (event.type()) {
            case CrossShardEvents.SENT -> transfers.receive(event.payloadAs(CrossShardEvents.Sent.class));
            case CrossShardEvents.RECEIVED, CrossShardEvents.REFUSED ->
                    transfers.settle(event.payloadAs(CrossShardEvents.Outcome.class));
            default -> {
                // Nothing else is published on this topic.
            }
        }
    }
}
