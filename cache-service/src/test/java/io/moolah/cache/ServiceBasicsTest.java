package io.moolah.cache;

import io.moolah.localstack.testing.KafkaResource;
import io.moolah.localstack.testing.RedisResource;
import io.moolah.localstack.testing.ServiceBasicsContract;
import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;

@QuarkusTest
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class ServiceBasicsTest extends ServiceBasicsContract {

    @Override
    protected String serviceName() {
        return "cache-service";
    }

    @Override
    protected List<String> readinessChecks() {
        return List.of("cache-layers", "kafka");
    }
}
