package io.moolah.gateway.server;

import io.moolah.gateway.config.GatewaySettings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.net.SSLOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import javax.net.ssl.KeyManagerFactory;
import java.util.List;

/**
 * The public listener's TLS, from the named TLS configuration ({@code moolah.gateway.https.tls-configuration-name}): its
 * key store, protocols (TLS 1.3 only) and ciphers, HTTP/2 offered by ALPN before HTTP/1.1. Records go through
 * BoringSSL when netty-tcnative is available and the engine is {@code openssl}: they cost less CPU than with the JDK's
 * engine.
 */
@Singleton
public class PublicTls {
    private static final Logger LOG = Logger.getLogger(PublicTls.class);

    @Inject
    GatewaySettings settings;

    @Inject
    TlsConfigurationRegistry tlsConfigurations;

    @Inject
    Vertx vertx;

    /** The server's TLS context; fails when the named configuration is missing or its key store cannot be read. */
    SslContext context() {
        GatewaySettings.Https https = settings.https();
        TlsConfiguration tls = tlsConfigurations.get(https.tlsConfigurationName()).orElseThrow(() -> new IllegalStateException(
                "No TLS configuration named '" + https.tlsConfigurationName() + "': set quarkus.tls." + https.tlsConfigurationName()
                        + ".key-store.p12.path and .password (GatewayMain makes a development one when neither is set)"));
        SSLOptions ssl = tls.getSSLOptions();
        boolean openSsl = "openssl".equals(https.tlsEngine()) && OpenSsl.isAvailable();
        try {
            KeyManagerFactory keys = tls.getKeyStoreOptions().getKeyManagerFactory(vertx);
            List<String> ciphers = List.copyOf(ssl.getEnabledCipherSuites());
            SslContext context = SslContextBuilder.forServer(keys)
                    .sslProvider(openSsl ? SslProvider.OPENSSL : SslProvider.JDK)
                    .protocols(ssl.getEnabledSecureTransportProtocols().toArray(String[]::new))
                    .ciphers(ciphers.isEmpty() ? null : ciphers, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .build();
            LOG.infof("HTTPS uses %s, %s", openSsl ? "OpenSSL (BoringSSL)" : "the JDK's TLS engine (moolah.gateway.https.tls-engine="
                    + https.tlsEngine() + ", OpenSSL available: " + OpenSsl.isAvailable() + ")", ssl.getEnabledSecureTransportProtocols());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("Public HTTPS: cannot build TLS from configuration '" + https.tlsConfigurationName() + "': " + e, e);
        }
    }

    /** How long a TLS handshake may take before the connection is closed. */
    long handshakeTimeoutMillis() {
        SSLOptions ssl = tlsConfigurations.get(settings.https().tlsConfigurationName()).orElseThrow().getSSLOptions();
        return ssl.getSslHandshakeTimeoutUnit().toMillis(ssl.getSslHandshakeTimeout());
    }
}
