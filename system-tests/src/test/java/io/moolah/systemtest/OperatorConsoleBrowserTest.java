package io.moolah.systemtest;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.moolah.localstack.Await;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

            // A small adjustment posts at once, and the balance shown is at least as new as it (Min-Version).
            asker.fill("#adjust-amount", "150");
            asker.fill("#adjust-reason", "goodwill credit");
            asker.click("#adjust");
            assertThat(asker.locator("#notice")).hasText("Adjusted by R 150.00.");
            assertThat(asker.locator("#wallet-balance")).hasText("R 150.00 available, R 0.00 held");

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
                    "/wallets/" + dineo.walletId() + "/balance", dineo.token()).json().get("ledgerBalance").asLong() == 2_015_000);

            approver.click("#recon-run");
            assertThat(approver.locator("#recon-summary")).containsText("matched");
            Browsers.screenshot(approver, SHOTS, "05-reconciliation");
        }
    }

    /**
     * A top-up event the ledger cannot apply (a fault made real with a trigger, as a bug would) is set aside after its
     * attempts, and so is a record that is not an event. The operator sees both under Dead letters; once the cause is
     * gone, a replay credits the customer once; the record that is no event cannot be replayed and says so. The live
     * panel shows the traffic of every service.
     */
    @Test
    void aDeadLetterIsReplayedOnceItsCauseIsFixedAndTheLivePanelShowsTraffic(RunningPlatform platform) throws Exception {
        GatewayClient client = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Customers.Customer lerato = Customers.register(client, "Lerato Replay");
        UUID paymentId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String fault = "fault_" + UUID.randomUUID().toString().replace("-", "");
        LedgerDatabase.execute(platform, "create function " + fault + "() returns trigger language plpgsql as $$ begin if"
                + " new.external_ref = 'payment:" + paymentId + "' then raise exception 'injected fault' using errcode = '22023';"
                + " end if; return new; end $$");
        LedgerDatabase.execute(platform, "create trigger " + fault + " before insert on journal_entry for each row execute function " + fault + "()");
        String notAnEvent = "{not an event " + UUID.randomUUID();
        String operator = Customers.operatorToken(client, platform, 0);
        AtomicLong deadLetterId = new AtomicLong();
        try {
            PaymentEvents.send(platform, lerato.walletId(), PaymentEvents.topUpSucceeded(eventId, paymentId, lerato.walletId(), 4_200), notAnEvent);
            // Ten attempts, backing off, before the ledger's consumer sets the event aside (about 20 s).
            Await.until("both records among the ledger's dead letters", Duration.ofSeconds(90), () -> {
                boolean brokenListed = false;
                for (var item : client.get("/admin/dead-letters/ledger?limit=500", operator).json().get("items")) {
                    if (eventId.toString().equals(item.path("eventId").asText())) {
                        deadLetterId.set(item.get("id").asLong());
                    }
                    brokenListed |= item.path("eventType").isNull();
                }
                return deadLetterId.get() > 0 && brokenListed;
            });
        } finally {
            LedgerDatabase.execute(platform, "drop trigger if exists " + fault + " on journal_entry");
            LedgerDatabase.execute(platform, "drop function if exists " + fault + "()");
        }

        try (Playwright playwright = Browsers.playwright(); Browser browser = Browsers.launch(playwright);
             BrowserContext desk = Browsers.desk(browser)) {
            Page page = desk.newPage();
            OperatorConsole.signIn(page, platform, 0);
            page.selectOption("#dead-area", "ledger");
            page.click("#dead-load");
            var parked = page.locator("#dead-letters tbody tr", new Page.LocatorOptions().setHasText(eventId.toString()));
            assertThat(parked).hasCount(1);
            assertThat(parked).containsText("TopUpSucceeded");
            assertThat(parked).containsText("transaction-service.top-ups");
            assertThat(parked).containsText("injected fault");
            Browsers.screenshot(page, SHOTS, "06-dead-letters");

            parked.locator("button", new Locator.LocatorOptions().setHasText("Replay")).click();
            assertThat(page.locator("#notice")).hasText("Replayed: TopUpSucceeded " + eventId + ".");
            assertThat(parked).hasCount(0);
            Await.until("the replayed top-up in Lerato's balance", Duration.ofSeconds(30), () -> client.get(
                    "/wallets/" + lerato.walletId() + "/balance", lerato.token()).json().get("ledgerBalance").asLong() == 4_200);

            // The record that is no event stays: it cannot be replayed, and the console says why.
            var broken = page.locator("#dead-letters tbody tr", new Page.LocatorOptions().setHasText("not an event")).first();
            broken.locator("button", new Locator.LocatorOptions().setHasText("Replay")).click();
            assertThat(page.locator("#message")).hasText("That record is not an event: it cannot be replayed. Keep it for the engineers.");
            assertThat(page.locator("#dead-letters tbody tr", new Page.LocatorOptions().setHasText("not an event")).first()).isVisible();

            // A second replay of the applied one is refused by the API: applied once.
            var again = client.send("POST", "/admin/dead-letters/ledger/" + deadLetterId.get() + "/replay", null,
                    java.util.Map.of("Authorization", "Bearer " + operator));
            assertEquals(409, again.status(), again.body());
            assertEquals(4_200, client.get("/wallets/" + lerato.walletId() + "/balance", lerato.token()).json().get("ledgerBalance").asLong());

            // The live panel: every service's row, with the requests this test has just made through the gateway.
            var ledgerRow = page.locator("#live tbody tr[data-service='transaction-service']");
            assertThat(page.locator("#live tbody tr")).hasCount(5);
            Await.until("the live panel to count requests to the ledger", Duration.ofSeconds(15),
                    () -> Double.parseDouble(ledgerRow.locator("td").nth(1).textContent()) > 0);
            assertThat(ledgerRow.locator("td").nth(3)).containsText("ms");
            assertThat(page.locator("#live tbody tr[data-service='cache-service'] svg rect").first()).isAttached();
            Browsers.screenshot(page, SHOTS, "07-live-traffic");
        }
    }
}
