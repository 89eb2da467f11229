package io.moolah.systemtest;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Chromium for the page tests: Debian's {@code chromium} package (or {@code MOOLAH_CHROMIUM}), launched by path
 * through Playwright, which downloads nothing. Without a browser the tests are skipped locally and fail under CI
 * ({@code MOOLAH_CI=true}, where .ci/run installs it). Pages are phone-sized (360 x 740) and trust the gateway's
 * development certificate; screenshots go to {@code target/screenshots/}.
 */
final class Browsers {
    static final int PHONE_WIDTH = 360;
    static final int PHONE_HEIGHT = 740;
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browsers() {
    }

    static Path chromium() {
        String configured = System.getenv("MOOLAH_CHROMIUM");
        Path found = Stream.of(configured, "/usr/bin/chromium", "/usr/bin/chromium-browser")
                .filter(candidate -> candidate != null && !candidate.isBlank())
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (found == null) {
            if ("true".equals(System.getenv("MOOLAH_CI"))) {
                throw new AssertionError("no Chromium (/usr/bin/chromium): .ci/run installs Debian's chromium for the browser tests");
            }
            Assumptions.abort("no Chromium here (apt-get install chromium, or set MOOLAH_CHROMIUM)");
        }
        return found;
    }

    static Playwright playwright() {
        return Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    static Browser launch(Playwright playwright) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(chromium())
                .setHeadless(true)
                // The CI container runs as root, where Chromium's sandbox cannot start.
                .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")));
    }

    static BrowserContext phone(Browser browser) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(PHONE_WIDTH, PHONE_HEIGHT)
                .setDeviceScaleFactor(2)
                .setIgnoreHTTPSErrors(true)
                .setLocale("en-ZA"));
        context.setDefaultTimeout(30_000);
        return context;
    }

    /** A desktop-sized page (the operator console), trusting the gateway's development certificate. */
    static BrowserContext desk(Browser browser) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 900)
                .setIgnoreHTTPSErrors(true)
                .setLocale("en-ZA"));
        context.setDefaultTimeout(30_000);
        return context;
    }

    /** Saves the page as {@code target/screenshots/<folder>/<name>.png}. */
    static Path screenshot(Page page, String folder, String name) {
        Path file = SCREENSHOTS.resolve(folder).resolve(name + ".png");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }
}
