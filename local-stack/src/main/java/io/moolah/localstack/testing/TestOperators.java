package io.moolah.localstack.testing;

import io.moolah.localstack.OperatorCredentials;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.UUID;

/**
 * Two operators for the account-service's tests, made at random (never in the repository) and handed to the service
 * as {@code moolah.account.operators}; the tests read them back with {@link #first} and {@link #second}. They travel
 * between class loaders as system properties.
 */
public class TestOperators implements QuarkusTestResourceLifecycleManager {
    private static final String PREFIX = "moolah.test.operators.";

    @Override
    public Map<String, String> start() {
        OperatorCredentials first = OperatorCredentials.generate();
        OperatorCredentials second = OperatorCredentials.generate();
        keep("first", first);
        keep("second", second);
        return Map.of("moolah.account.operators", first.configLine() + "\n" + second.configLine());
    }

    @Override
    public void stop() {
    }

    public static OperatorCredentials first() {
        return read("first");
    }

    public static OperatorCredentials second() {
        return read("second");
    }

    /** A code for {@code operator} that has not been used yet ({@link FreshCodes}). */
    public static String nextOtp(OperatorCredentials operator) {
        return FreshCodes.next(operator);
    }

    private static void keep(String which, OperatorCredentials operator) {
        System.setProperty(PREFIX + which, operator.id() + " " + operator.passphrase() + " " + operator.totpSecretBase32());
    }

    private static OperatorCredentials read(String which) {
        String[] fields = System.getProperty(PREFIX + which).split(" ");
        return new OperatorCredentials(UUID.fromString(fields[0]), fields[1], fields[2]);
    }
}
