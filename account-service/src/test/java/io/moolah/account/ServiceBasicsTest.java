package io.moolah.account;

import io.moolah.localstack.testing.KafkaResource;
import io.moolah.localstack.testing.PostgresResource;
import io.moolah.localstack.testing.ServiceBasicsContract;
import io.moolah.localstack.testing.TestOperators;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;

@QuarkusTest
@WithTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "account"),
        scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestOperators.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PinPepperResource.class, scope = TestResourceScope.GLOBAL)
class ServiceBasicsTest extends ServiceBasicsContract {

    @Override
    protected String serviceName() {
        return "account-service";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("Database connections health check", "kafka");
    }
}
