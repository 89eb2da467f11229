package io.moolah.transaction.shard;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.sql.Connection;

/**
 * Ready only when every further shard's primary answers (shard 0 is the datasource's own check): a replica that
 * cannot reach a shard would fail every request for that shard's wallets, so it takes no traffic.
 */
@Readiness
@ApplicationScoped
public class ShardsHealthCheck implements HealthCheck {
    private static final int TIMEOUT_SECONDS = 2;

    @Inject
    LedgerShards shards;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Ledger shards").up()
                .withData("shards", shards.count());
        for (Shard shard : shards.shards()) {
            if (shard.number() == 0) {
                continue;
            }
            try (Connection connection = shard.primary().getConnection()) {
                if (!connection.isValid(TIMEOUT_SECONDS)) {
                    response.down().withData(shard.name(), "not valid");
                }
            } catch (Exception e) {
                response.down().withData(shard.name(), e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        return response.build();
    }
}
