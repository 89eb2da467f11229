package io.moolah.gateway.tls;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Serves HTTPS with BoringSSL (netty-tcnative) when it is available and {@code moolah.gateway.tls-engine} is
 * {@code openssl} (the default): TLS records cost less CPU than with the JDK's engine. The protocols (TLS 1.3 only)
 * and ciphers still come from the TLS configuration; only the engine changes. Otherwise the JDK's engine is used.
 */
@ApplicationScoped
public class OpenSslEngine implements HttpServerOptionsCustomizer {
    private static final Logger LOG = Logger.getLogger(OpenSslEngine.class);

    @ConfigProperty(name = "moolah.gateway.tls-engine", defaultValue = "openssl")
    String engine;

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        if ("openssl".equals(engine) && OpenSSLEngineOptions.isAvailable()) {
            options.setSslEngineOptions(new OpenSSLEngineOptions());
            LOG.info("HTTPS uses OpenSSL (BoringSSL)");
        } else {
            LOG.infof("HTTPS uses the JDK's TLS engine (moolah.gateway.tls-engine=%s, OpenSSL available: %s)", engine,
                    OpenSSLEngineOptions.isAvailable());
        }
    }
}
