package io.moolah.transaction.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;

@ConfigMapping(prefix = "moolah.ledger")
public interface LedgerSettings {

    /** Currencies the ledger holds accounts in. */
    @WithDefault("ZAR")
    Set<String> currencies();

    /** Largest single movement, minor units (R10,000,000.00). */
    @WithDefault("1000000000")
    long maxAmount();

    /** Where "today" and "this month" for send limits begin. */
    @WithDefault("Africa/Johannesburg")
    ZoneId limitsZone();

    /** Longest a hold may be placed for. */
    @WithDefault("7d")
    Duration maxHoldDuration();

    /** How often expired holds are released. */
    @WithDefault("5s")
    Duration holdExpiryInterval();

    /** Adjustments moving more than this many minor units (either way) wait for a second operator's approval. */
    @WithDefault("1000000")
    long adjustmentApprovalAbove();
}
