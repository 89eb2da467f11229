package io.moolah.cache.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code moolah.cache.*}: the layers' sizes and lifetimes, and where the ledger (L3) is. README explains the defaults. */
@ConfigMapping(prefix = "moolah.cache")
public interface CacheSettings {

    /** The transaction-service's base URL (L3), for example http://127.0.0.1:8082. */
    String ledgerUrl();

    /** L1 entries (balances, and as many first pages of history) kept in each replica. */
    @WithDefault("50000")
    long l1MaxSize();

    /** L1 entries are dropped this long after they were written: the bound on staleness if an event were missed. */
    @WithDefault("30s")
    Duration l1Ttl();

    /** L2 (Redis) entries expire this long after their last write. */
    @WithDefault("10m")
    Duration l2Ttl();

    /** After a Redis failure, L2 is skipped for this long instead of making every read wait for it. */
    @WithDefault("2s")
    Duration l2RetryAfter();
}
