package io.moolah.payment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Reads that may lag the primary (a customer's payments and their status) and how far behind the read replica may be
 * for them.
 */
@ConfigMapping(prefix = "moolah.replica")
public interface ReplicaSettings {

    /** The most replay lag a replica may have and still answer; beyond it the primary answers. */
    @WithDefault("5s")
    Duration maxLag();

    /** How often the replica's lag is probed (a read between probes trusts the last one). */
    @WithDefault("1s")
    Duration recheck();
}
