package io.moolah.gateway.pages;

import io.moolah.gateway.GatewayTestResource;
import io.moolah.gateway.server.PublicServer;
import io.moolah.localstack.testing.RedisResource;
import io.moolah.localstack.testing.TestTokens;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web wallet at {@code /} and the operator console at {@code /console} as the gateway serves them: without a
 * token, revalidated, under a policy with nothing inline (and no inline script, style or handler in the page, which
 * such a policy would block anyway), each script and style named by content and cached for a year, nothing else under
 * {@code /assets}. What the pages do is the browser tests' (system-tests WebWalletBrowserTest).
 */
@QuarkusTest
@WithTestResource(value = GatewayTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = RedisResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TestTokens.class, scope = TestResourceScope.GLOBAL)
class WebPagesTest {
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/assets/[^\"]+)\"");

    @Inject
    PublicServer publicServer;

    URL gateway;

    @BeforeEach
    void findThePublicPort() {
        gateway = publicServer.url();
    }

    private RequestSpecification browser() {
        return RestAssured.given().baseUri(gateway.toString()).relaxedHTTPSValidation().redirects().follow(false);
    }

    @ParameterizedTest
    @CsvSource({"/, wallet", "/console, console"})
    void thePageIsServedWithAPolicyThatAllowsNothingInlineAndItsAssetsAreHashedAndImmutable(String path, String name) {
        var page = browser().get(path).then().statusCode(200)
                .header("Content-Type", equalTo("text/html; charset=utf-8"))
                .header("Cache-Control", equalTo("no-cache"))
                .header("Content-Security-Policy", equalTo(PublishedPages.OWN_PAGES_SECURITY_POLICY))
                .header("Content-Security-Policy", not(containsString("unsafe")))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .extract();
        String html = page.asString();
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html).find(), "no inline script");
        assertFalse(Pattern.compile("\\sstyle=|<style|\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find(),
                "no inline style or event handler");
        assertFalse(html.contains("{{"), "every asset placeholder filled");

        List<String> assets = new ArrayList<>();
        Matcher found = ASSET.matcher(html);
        while (found.find()) {
            assets.add(found.group(1));
        }
        assertEquals(3, assets.size(), "the shared script, the page's script and its style: " + assets);
        for (String asset : assets) {
            assertTrue(asset.matches("/assets/(" + name + "\\.[A-Za-z0-9_-]{12}\\.(js|css)|pages\\.[A-Za-z0-9_-]{12}\\.js)"), asset);
            browser().header("Accept-Encoding", "gzip").get(asset).then().statusCode(200)
                    .header("Cache-Control", equalTo("public, max-age=31536000, immutable"))
                    .header("Content-Type", containsString(asset.endsWith(".js") ? "text/javascript" : "text/css"));
        }

        String etag = page.header("ETag");
        browser().header("If-None-Match", etag).get(path).then().statusCode(304);
        browser().head(path).then().statusCode(200).header("ETag", equalTo(etag)).header("Content-Length", not(equalTo("0")));
    }

    @Test
    void nothingElseIsServedBesideThePageAndOnlyReadsAreAllowed() {
        browser().post("/").then().statusCode(405).header("Allow", equalTo("GET, HEAD"));
        for (String path : new String[] {"/index.html", "/assets/wallet.js", "/assets/", "/assets/../api/v1/me", "/wallet",
                "/console/", "/console/index.html"}) {
            int status = browser().get(path).then().extract().statusCode();
            assertTrue(status == 404 || status == 400, path + " answered " + status);
        }
    }
}
