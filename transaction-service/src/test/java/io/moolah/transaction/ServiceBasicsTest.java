package io.moolah.transaction;

import io.moolah.localstack.testing.KafkaResource;
import io.moolah.localstack.testing.PostgresResource;
import io.moolah.localstack.testing.ServiceBasicsContract;
import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;

/** Its test resources are global: every test class of this module runs against them. */
@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "transaction"),
        scope = TestResourceScope.GLOBAL)
@WithTestResource(value = LedgerShardsResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class ServiceBasicsTest extends ServiceBasicsContract {

    @Override
    protected String serviceName() {
        return "transaction-service";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("Database connections health check", "kafka", "Ledger shards");
    }
}
