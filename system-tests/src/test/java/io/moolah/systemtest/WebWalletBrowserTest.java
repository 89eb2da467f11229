package io.moolah.systemtest;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.moolah.localstack.Await;
import io.moolah.localstack.simulators.ZapperSimulator;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The customer web wallet at {@code /}, in a real Chromium at phone size, against the whole platform: a customer
 * registers, is funded, sends money by phone (a double click sends once), tops up through the Peach simulator's
 * checkout page, pays a QR code and sees it all in the history; an operator signs in to the console (passphrase and
 * one-time code), finds the customer by phone and freezes the wallet, and the customer's next send shows why it cannot
 * go. Screenshots of each step are in target/screenshots/wallet/ and console/.
 */
@ExtendWith(PlatformExtension.class)
class WebWalletBrowserTest {
    private static final String SHOTS = "wallet";
    private static final String CONSOLE_SHOTS = "console";

    @Test
    void aCustomerRegistersIsFundedSendsTopsUpPaysByQrSeesItAllAndIsStoppedWhenFrozen(RunningPlatform platform) {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customers.Customer bob = Customers.register(client, "Bob Receiver");
        try (Playwright playwright = Browsers.playwright(); Browser browser = Browsers.launch(playwright);
             BrowserContext context = Browsers.phone(browser)) {
            Page page = context.newPage();
            page.navigate(platform.gatewayUrl() + "/");
            assertThat(page.locator("#welcome")).isVisible();
            Browsers.screenshot(page, SHOTS, "01-welcome");

            page.fill("#register-name", "Alice Browser");
            String alicePhone = AccountsSystemTest.newPhoneNumber();
            page.fill("#register-phone", alicePhone);
            page.fill("#register-pin", Customers.PIN);
            page.click("#register");
            assertThat(page.locator("#home")).isVisible();
            assertThat(page.locator("#notice")).hasText("Welcome! Your wallet is ready.");
            assertThat(page.locator("#available")).hasText("R 0.00");
            String walletId = (String) page.evaluate("() => sessionStorage.getItem('moolah.wallet')");
            Customers.Customer alice = new Customers.Customer(alicePhone, walletId, null);

            // Funded by an operator: the page learns of it when it reads again (the cache takes the event in a moment).
            Customers.fund(client, platform, alice, 50_000);
            reloadUntil(page, "#available", "R 500.00");
            Browsers.screenshot(page, SHOTS, "02-home-funded");

            // Send by phone: a review step, then "Send now" clicked twice sends once (one key per attempt).
            page.click("#go-send");
            page.fill("#recipient", bob.phone());
            page.fill("#send-amount", "120.50");
            page.fill("#send-reference", "Lunch");
            page.click("#send-review");
            assertThat(page.locator("#send-summary")).hasText("Send R 120.50 to " + bob.phone() + "?");
            Browsers.screenshot(page, SHOTS, "03-send-confirm");
            page.dblclick("#send-now");
            assertThat(page.locator("#notice")).hasText("Sent R 120.50.");
            assertThat(page.locator("#available")).hasText("R 379.50");
            var bobs = client.get("/wallets/" + bob.walletId() + "/transactions", bob.token());
            assertEquals(1, bobs.json().get("items").size(), "one transfer reached Bob: " + bobs.body());
            assertEquals(12_050, bobs.json().get("items").get(0).get("amount").asLong());

            // Top up by card on the Peach simulator's hosted page; back in the wallet once the notification landed.
            page.click("#go-topup");
            page.fill("#topup-amount", "250");
            page.click("#topup-pay");
            page.waitForURL(Pattern.compile(".*/checkout/.*"));
            assertThat(page.locator("body")).containsText("R 250.00");
            Browsers.screenshot(page, SHOTS, "04-peach-checkout");
            page.fill("#holder", "Alice Browser");
            page.fill("#card", "4111 1111 1111 1111");
            page.fill("#expiry", "12/39");
            page.fill("#cvv", "123");
            page.click("#pay");
            page.waitForURL(Pattern.compile(Pattern.quote(platform.gatewayUrl()) + "/.*"));
            assertThat(page.locator("#notice")).hasText("Top-up of R 250.00 received.",
                    new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(60_000));
            assertThat(page.locator("#available")).hasText("R 629.50");
            Browsers.screenshot(page, SHOTS, "05-topped-up");

            // Pay a merchant's QR code (not R 10.00: QrPaymentSystemTest counts the simulator's payments of that amount).
            page.click("#go-qr");
            page.fill("#qr-code", ZapperSimulator.qrCode("817", "463", "12.30", "Central Perk"));
            page.fill("#qr-amount", "12.30");
            Browsers.screenshot(page, SHOTS, "06-pay-by-qr");
            page.click("#qr-pay");
            assertThat(page.locator("#notice")).hasText("Paid R 12.30 to Central Perk.");
            assertThat(page.locator("#available")).hasText("R 617.20");

            // The history has all of it, newest first (the QR payment's capture is posted a moment after it succeeded).
            Await.until("the QR payment's capture in the history", Duration.ofSeconds(30), () -> {
                page.reload();
                page.locator("#history li").first().waitFor();
                return page.locator("#history li").count() == 4;
            });
            assertThat(page.locator("#history li").nth(2)).containsText("Lunch");
            assertThat(page.locator("#history li").nth(2)).containsText("-R 120.50");
            assertThat(page.locator("#history li").nth(0)).containsText("QR payment");
            assertThat(page.locator("#history li").nth(1)).containsText("Card top-up");
            assertThat(page.locator("#history li").nth(1)).containsText("+R 250.00");
            Browsers.screenshot(page, SHOTS, "07-history");

            // An operator signs in to the console, finds Alice by her phone number and freezes her wallet.
            try (BrowserContext desk = Browsers.desk(browser)) {
                Page console = desk.newPage();
                OperatorConsole.signIn(console, platform);
                Browsers.screenshot(console, CONSOLE_SHOTS, "01-signed-in");
                console.fill("#find-phone", alice.phone());
                console.click("#find");
                assertThat(console.locator("#customer-name")).hasText("Alice Browser");
                assertThat(console.locator("#wallet-id")).hasText(walletId);
                assertThat(console.locator("#wallet-status")).hasText("ACTIVE");
                assertThat(console.locator("#wallet-balance")).containsText("R 617.20 available");
                console.fill("#status-reason", "suspected fraud (browser test)");
                console.click("#freeze");
                assertThat(console.locator("#wallet-status")).hasText("FROZEN");
                assertThat(console.locator("#notice")).hasText("The wallet is FROZEN.");
                Browsers.screenshot(console, CONSOLE_SHOTS, "02-customer-frozen");
            }

            // Alice's next send says why it cannot go (the ledger learns of the freeze from an event, in a moment).
            page.click("#go-send");
            page.fill("#recipient", bob.phone());
            page.fill("#send-amount", "5");
            page.click("#send-review");
            page.click("#send-now");
            assertThat(page.locator("#message")).hasText("Your wallet is frozen, so no money can leave it. Contact support.",
                    new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(15_000));
            Browsers.screenshot(page, SHOTS, "08-frozen");

            page.click("#sign-out");
            assertThat(page.locator("#welcome")).isVisible();
            assertThat(page.locator("#notice")).hasText("You are signed out.");
        }
    }

    /** Reloads the page until {@code selector} shows {@code text} (at most 30 s): for changes made outside the page. */
    private static void reloadUntil(Page page, String selector, String text) {
        Await.until(selector + " to show " + text, Duration.ofSeconds(30), () -> {
            page.reload();
            page.locator("#history-title").waitFor();
            try {
                assertThat(page.locator(selector)).hasText(text,
                        new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(1_000));
                return true;
            } catch (AssertionError notYet) {
                return false;
            }
        });
    }

    @Test
    void aReturningCustomerSignsInAndLoadsMoreHistoryPageByPage(RunningPlatform platform) {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customers.Customer carol = Customers.register(client, "Carol Returning");
        for (int i = 0; i < 23; i++) {
            Customers.fund(client, platform, carol, 100 + i);
        }
        try (Playwright playwright = Browsers.playwright(); Browser browser = Browsers.launch(playwright);
             BrowserContext context = Browsers.phone(browser)) {
            Page page = context.newPage();
            page.navigate(platform.gatewayUrl() + "/");
            page.fill("#sign-in-phone", carol.phone());
            page.fill("#sign-in-pin", "11111");
            page.click("#sign-in");
            assertThat(page.locator("#message")).hasText("That phone number and PIN do not match.");
            page.fill("#sign-in-pin", Customers.PIN);
            page.click("#sign-in");
            assertThat(page.locator("#history li")).hasCount(20);
            assertThat(page.locator("#more")).isVisible();
            page.click("#more");
            assertThat(page.locator("#history li")).hasCount(23);
            assertThat(page.locator("#more")).isHidden();
            long total = 0;
            for (int i = 0; i < 23; i++) {
                total += 100 + i;
            }
            reloadUntil(page, "#available", String.format("R %d.%02d", total / 100, total % 100));
            assertTrue(page.locator("#history li").first().textContent().contains("+R 1.22"), "newest first");
        }
    }
}
