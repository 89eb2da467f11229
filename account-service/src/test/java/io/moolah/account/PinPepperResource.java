package io.moolah.account;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.UUID;

/** A PIN pepper for the tests, made at random (a Secret in production, never in the repository). */
public class PinPepperResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("moolah.account.pin.pepper", UUID.randomUUID() + "-" + UUID.randomUUID());
    }

    @Override
    public void stop() {
    }
}
