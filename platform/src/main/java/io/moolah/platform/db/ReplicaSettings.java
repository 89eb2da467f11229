package io.moolah.platform.db;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How far behind its primary a read replica may be and still answer reads that may lag ({@link ReplicaReads}), the
 * same settings in every service that has replicas.
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
