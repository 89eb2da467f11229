package io.moolah.transaction.shard;

import java.util.function.Supplier;

/**
 * Which shard the current thread's unit of work is on. Every database call of the ledger ({@code Sql}, the outbox, the
 * processed-event log) goes to this shard's pool, so a unit of work is entered "on" its shard before its transaction
 * begins and stays there until it ends; nothing in a transaction may switch shards (one transaction, one database: no
 * two-phase commit). Without a scope, work is on shard 0, the service's own database.
 */
public final class ShardScope {
    private static final ThreadLocal<Shard> CURRENT = new ThreadLocal<>();

    private ShardScope() {
    }

    /** The shard of the current unit of work, or null outside any (shard 0 then). */
    public static Shard current() {
        return CURRENT.get();
    }

    /** Runs {@code work} on {@code shard} and returns its result; the previous scope is restored afterwards. */
    public static <T> T on(Shard shard, Supplier<T> work) {
        Shard previous = CURRENT.get();
        CURRENT.set(shard);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    public static void run(Shard shard, Runnable work) {
        on(shard, () -> {
            work.run();
            return null;
        });
    }
}
