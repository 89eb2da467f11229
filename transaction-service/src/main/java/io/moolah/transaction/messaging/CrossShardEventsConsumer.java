package io.moolah.transaction.messaging;

import io.moolah.events.EventEnvelope;
import io.moolah.outbox.TransactionalEventHandler;
import io.moolah.transaction.event.CrossShardEvents;
import io.moolah.transaction.service.CrossShardTransfers;
import io.moolah.transaction.shard.LedgerShards;
import io.moolah.transaction.shard.ShardScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

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

    @Override
    public String consumerName() {
        return "transaction-service.cross-shard";
    }

    @Override
    public List<String> topics() {
        return List.of(CrossShardEvents.TOPIC);
    }

    /** Each event on the shard it concerns: a transfer sent on its receiver's, an outcome on its sender's. */
    @Override
    protected void inEachDatabase(List<EventEnvelope> events, Runnable work) {
        EventEnvelope event = events.get(0);
        int shard = CrossShardEvents.SENT.equals(event.type())
                ? event.payloadAs(CrossShardEvents.Sent.class).toShard()
                : event.payloadAs(CrossShardEvents.Outcome.class).fromShard();
        if (shard >= shards.count()) {
            throw new IllegalStateException("a cross-shard event for shard " + shard + ", which this service does not have");
        }
        ShardScope.run(shards.shard(shard), work);
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
