package io.moolah.gateway;

import io.moolah.gateway.tls.DevelopmentCertificate;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.nio.file.Path;

/**
 * Starts the gateway. Without a configured certificate it first makes a development one, so a local run is HTTPS
 * from the first request and no key ever sits in the repository.
 */
@QuarkusMain
public final class GatewayMain {
    private GatewayMain() {
    }

    public static void main(String... args) {
        if (System.getProperty(DevelopmentCertificate.KEY_STORE_PATH) == null
                && System.getenv("QUARKUS_TLS_GATEWAY_KEY_STORE_P12_PATH") == null) {
            String directory = System.getenv().getOrDefault("MOOLAH_TLS_DIR",
                    Path.of(System.getProperty("java.io.tmpdir"), "moolah-gateway-tls-" + ProcessHandle.current().pid()).toString());
            DevelopmentCertificate.generate(Path.of(directory)).forEach(System::setProperty);
        }
        Quarkus.run(args);
    }
}
