package io.moolah.systemtest;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.moolah.localstack.Await;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The operator console at {@code /console} in a real Chromium: a wrong code is refused; an operator finds a customer,
 * sets the KYC tier, asks for an adjustment large enough to need approval; a second operator, in a browser of their
 * own, sees it waiting, approves it, and the money is in the wallet; a reconciliation run shows its counts. The
 * freeze is in WebWalletBrowserTest, where the customer sees it. Screenshots in target/screenshots/console/.
 */
@ExtendWith(PlatformExtension.class)
class OperatorConsoleBrowserTest {
    private static final String SHOTS = "console";

    @Test
    void oneOperatorAsksForALargeAdjustmentAndAnotherApprovesIt(RunningPlatform platform) {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customers.Customer dineo = Customers.register(client, "Dineo Console");
        try (Playwright playwright = Browsers.playwright(); Browser browser = Browsers.launch(playwright);
             BrowserContext first = Browsers.desk(browser); BrowserContext second = Browsers.desk(browser)) {
            Page asker = first.newPage();
            asker.navigate(platform.gatewayUrl() + "/console");
            asker.fill("#operator-id", platform.operators().get(1).id().toString());
            asker.fill("#passphrase", "not the passphrase");
            asker.fill("#otp", "000000");
            asker.click("#sign-in-button");
            assertThat(asker.locator("#message")).hasText("That operator id, passphrase or code is wrong (a code works once).");
            Browsers.screenshot(asker, SHOTS, "00-sign-in-refused");

            OperatorConsole.signIn(asker, platform, 1);
            asker.fill("#find-phone", dineo.phone());
            asker.click("#find");
            assertThat(asker.locator("#customer-name")).hasText("Dineo Console");
            asker.selectOption("#kyc-tier", "2");
            asker.click("#kyc-save");
            assertThat(asker.locator("#notice")).hasText("KYC tier is now 2.");
            assertThat(asker.locator("#customer-tier")).hasText("2");

            asker.fill("#adjust-amount", "20000");
            asker.fill("#adjust-reason", "settlement from the old platform");
            asker.click("#adjust");
            assertThat(asker.locator("#notice")).hasText("The adjustment of R 20 000.00 waits for another operator's approval.");
            Browsers.screenshot(asker, SHOTS, "03-adjustment-waiting");

            Page approver = second.newPage();
            OperatorConsole.signIn(approver, platform, 0);
            var waiting = approver.locator("#approvals tbody tr", new Page.LocatorOptions().setHasText(dineo.walletId()));
            assertThat(waiting).hasCount(1);
            assertThat(waiting).containsText("settlement from the old platform");
            assertThat(waiting).containsText("R 20 000.00");
            Browsers.screenshot(approver, SHOTS, "04-approval-waiting");
            waiting.locator("button", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Approve")).click();
            assertThat(approver.locator("#notice")).hasText("Approved and posted.");
            assertThat(waiting).hasCount(0);

            // The customer's balance shows it once the cache has taken the posting's event (a moment).
            Await.until("the approved adjustment in Dineo's balance", Duration.ofSeconds(30), () -> client.get(
                    "/wallets/" + dineo.walletId() + "/balance", dineo.token()).json().get("ledgerBalance").asLong() == 2_000_000);

            approver.click("#recon-run");
            assertThat(approver.locator("#recon-summary")).containsText("matched");
            Browsers.screenshot(approver, SHOTS, "05-reconciliation");
        }
    }
}
