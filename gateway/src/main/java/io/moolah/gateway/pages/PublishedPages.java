package io.moolah.gateway.pages;

import io.moolah.gateway.exchange.Exchange;
import io.moolah.gateway.exchange.GatewayProblems;
import io.moolah.gateway.routing.ResponseCompression;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What the gateway serves itself, from memory, without a token and before the rate limiter: the customer web wallet
 * at {@value #WALLET_PATH} and the operator console at {@value #CONSOLE_PATH} (docs/web.md), the published contract
 * at {@value #CONTRACT_PATH} and Swagger UI over it at {@value #DOCS_PATH} (docs/contract.md). Pages' scripts and
 * styles are named by a hash of their content, so they are cached for a year; the pages and the contract are
 * revalidated (ETag, 304). Pages carry a Content-Security-Policy without inline script (our own pages without inline
 * style either; Swagger UI needs it).
 */
@Singleton
public class PublishedPages {
    public static final String CONTRACT_PATH = "/api/v1/openapi.json";
    public static final String DOCS_PATH = "/api/docs";
    public static final String WALLET_PATH = "/";
    public static final String CONSOLE_PATH = "/console";
    /** Where our own pages' hashed scripts and styles are. */
    public static final String ASSETS_PATH = "/assets";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";
    /** Our own pages: nothing inline at all, and only the gateway's own API to call. */
    static final String OWN_PAGES_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/";
    private static final String[] SWAGGER_FILES = {"swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"};

    private final Map<String, StaticAsset> assets = new HashMap<>();
    private final Map<String, String> securityPolicies = new HashMap<>();

    @PostConstruct
    void load() {
        assets.put(CONTRACT_PATH, StaticAsset.of(resource("contract/openapi.json"), "application/json", StaticAsset.REVALIDATE));
        String swaggerUi = SWAGGER_UI + swaggerUiVersion() + "/";
        String page = new String(resource("pages/docs/index.html"), StandardCharsets.UTF_8);
        for (String file : SWAGGER_FILES) {
            page = page.replace("{{" + file + "}}", hashed(DOCS_PATH, file, resource(swaggerUi + file)));
        }
        page = page.replace("{{docs.js}}", hashed(DOCS_PATH, "docs.js", resource("pages/docs/docs.js")));
        if (page.contains("{{")) {
            throw new IllegalStateException("pages/docs/index.html names an asset that is not loaded: " + page);
        }
        assets.put(DOCS_PATH, StaticAsset.of(page.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8", StaticAsset.REVALIDATE));
        ownPage(WALLET_PATH, "pages/wallet/index.html", "pages/common/pages.js", "pages/wallet/wallet.js",
                "pages/wallet/wallet.css");
        ownPage(CONSOLE_PATH, "pages/console/index.html", "pages/common/pages.js", "pages/console/console.js",
                "pages/console/console.css");
    }

    /**
     * One of our own pages: its template with each file's {@code {{name}}} (the file's name without its folder)
     * replaced by the file's hashed path under /assets. A file two pages share is one asset.
     */
    private void ownPage(String path, String template, String... files) {
        String page = new String(resource(template), StandardCharsets.UTF_8);
        for (String file : files) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            page = page.replace("{{" + name + "}}", hashed(ASSETS_PATH, name, resource(file)));
        }
        if (page.contains("{{")) {
            throw new IllegalStateException(template + " names an asset that is not loaded");
        }
        assets.put(path, StaticAsset.of(page.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8", StaticAsset.REVALIDATE));
        securityPolicies.put(path, OWN_PAGES_SECURITY_POLICY);
    }

    /** The pipeline step: answers a path it has, passes any other on. */
    public void serve(Exchange exchange) {
        StaticAsset asset = assets.get(exchange.path());
        if (asset == null) {
            exchange.next();
            return;
        }
        HttpMethod method = exchange.method();
        boolean head = HttpMethod.HEAD.equals(method);
        if (!head && !HttpMethod.GET.equals(method)) {
            exchange.responseHeaders().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            GatewayProblems.send(exchange, 405, "METHOD_NOT_ALLOWED", "Method not allowed", "This page can only be read.");
            return;
        }
        HttpHeaders headers = exchange.responseHeaders()
                .set(HttpHeaderNames.CONTENT_TYPE, asset.contentType())
                .set(HttpHeaderNames.ETAG, asset.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, asset.cacheControl())
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, securityPolicies.getOrDefault(exchange.path(), CONTENT_SECURITY_POLICY))
                .set("Referrer-Policy", "no-referrer");
        if (asset.gzipped() != null) {
            headers.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        }
        if (asset.etag().equals(exchange.header(HttpHeaderNames.IF_NONE_MATCH))) {
            exchange.status(304).end();
            return;
        }
        byte[] body = asset.bytes();
        if (asset.gzipped() != null && ResponseCompression.acceptsGzip(exchange.header(HttpHeaderNames.ACCEPT_ENCODING))) {
            body = asset.gzipped();
            headers.set(HttpHeaderNames.CONTENT_ENCODING, "gzip");
        }
        exchange.status(200);
        if (head) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            exchange.end();
        } else {
            exchange.end(Unpooled.wrappedBuffer(body));
        }
    }

    /** Registers a file under a name with its content's hash ({@code swagger-ui.css} as {@code swagger-ui.<hash>.css}). */
    private String hashed(String folder, String file, byte[] bytes) {
        int dot = file.lastIndexOf('.');
        String path = folder + "/" + file.substring(0, dot) + "." + StaticAsset.hash(bytes) + file.substring(dot);
        assets.put(path, StaticAsset.of(bytes, contentType(file), StaticAsset.IMMUTABLE));
        return path;
    }

    private static String contentType(String file) {
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (file.endsWith(".png")) {
            return "image/png";
        }
        throw new IllegalArgumentException("no content type for " + file);
    }

    private static String swaggerUiVersion() {
        Properties properties = new Properties();
        try (InputStream in = stream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] resource(String name) {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream stream(String name) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing resource " + name);
        }
        return in;
    }
}
