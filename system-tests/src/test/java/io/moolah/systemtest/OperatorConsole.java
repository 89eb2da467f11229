package io.moolah.systemtest;

import com.microsoft.playwright.Page;
import io.moolah.localstack.OperatorCredentials;
import io.moolah.localstack.testing.FreshCodes;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** Signing an operator in to the console at /console, as a person would: id, passphrase, the current one-time code. */
final class OperatorConsole {
    private OperatorConsole() {
    }

    /** Operator 1 by default: operator 0's token is the API tests' (Customers.operatorToken). */
    static void signIn(Page page, RunningPlatform platform) {
        signIn(page, platform, 1);
    }

    static void signIn(Page page, RunningPlatform platform, int index) {
        OperatorCredentials operator = platform.operators().get(index);
        page.navigate(platform.gatewayUrl() + "/console");
        page.fill("#operator-id", operator.id().toString());
        page.fill("#passphrase", operator.passphrase());
        page.fill("#otp", FreshCodes.next(operator));
        page.click("#sign-in-button");
        assertThat(page.locator("#desk")).isVisible();
    }
}
