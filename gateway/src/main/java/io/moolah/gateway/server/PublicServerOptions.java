package io.moolah.gateway.server;

import io.moolah.gateway.config.GatewaySettings;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLOptions;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The public listener's options, from {@code moolah.gateway.https.*} and the named TLS configuration: HTTPS only, the
 * TLS configuration's protocols (TLS 1.3 only) and ciphers, HTTP/2 offered by ALPN before HTTP/1.1, the request line,
 * header and stream limits, the idle timeout and, behind a load balancer that sends it, the PROXY protocol. TLS records
 * go through BoringSSL when netty-tcnative is available and the engine is {@code openssl}: they cost less CPU than
 * with the JDK's engine.
 */
@Singleton
public class PublicServerOptions {
    private static final Logger LOG = Logger.getLogger(PublicServerOptions.class);

    @Inject
    GatewaySettings settings;

    @Inject
    TlsConfigurationRegistry tlsConfigurations;

    HttpServerOptions build() {
        GatewaySettings.Https https = settings.https();
        TlsConfiguration tls = tlsConfigurations.get(https.tlsConfigurationName()).orElseThrow(() -> new IllegalStateException(
                "No TLS configuration named '" + https.tlsConfigurationName() + "': set quarkus.tls." + https.tlsConfigurationName()
                        + ".key-store.p12.path and .password (GatewayMain makes a development one when neither is set)"));
        HttpServerOptions options = new HttpServerOptions()
                .setHost(https.host())
                .setPort(https.port())
                .setSsl(true)
                .setKeyCertOptions(tls.getKeyStoreOptions())
                .setUseAlpn(true)
                .setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
                .setIdleTimeout((int) https.idleTimeout().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxInitialLineLength(https.maxInitialLineLength())
                .setMaxHeaderSize(https.maxHeaderSize())
                .setInitialSettings(new Http2Settings()
                        .setMaxHeaderListSize(https.maxHeaderSize())
                        .setMaxConcurrentStreams(https.maxConcurrentStreams()))
                .setUseProxyProtocol(https.proxyProtocol())
                .setCompressionSupported(false)
                .setDecompressionSupported(false)
                .setHandle100ContinueAutomatically(false);
        SSLOptions ssl = tls.getSSLOptions();
        options.setEnabledSecureTransportProtocols(ssl.getEnabledSecureTransportProtocols());
        ssl.getEnabledCipherSuites().forEach(options::addEnabledCipherSuite);
        options.setSslHandshakeTimeout(ssl.getSslHandshakeTimeout()).setSslHandshakeTimeoutUnit(ssl.getSslHandshakeTimeoutUnit());
        if ("openssl".equals(https.tlsEngine()) && OpenSSLEngineOptions.isAvailable()) {
            options.setSslEngineOptions(new OpenSSLEngineOptions());
            LOG.info("HTTPS uses OpenSSL (BoringSSL)");
        } else {
            LOG.infof("HTTPS uses the JDK's TLS engine (moolah.gateway.https.tls-engine=%s, OpenSSL available: %s)",
                    https.tlsEngine(), OpenSSLEngineOptions.isAvailable());
        }
        return options;
    }
}
