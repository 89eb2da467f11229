package io.moolah.systemtest;

import io.moolah.client.ApiClient;
import io.moolah.client.ApiException;
import io.moolah.client.ApiResponse;
import io.moolah.client.api.CustomersAndSessionsApi;
import io.moolah.client.api.HoldsApi;
import io.moolah.client.api.OperatorsApi;
import io.moolah.client.api.TransfersApi;
import io.moolah.client.api.WalletsApi;
import io.moolah.client.model.Adjustment;
import io.moolah.client.model.AdjustmentRequest;
import io.moolah.client.model.CustomerProfile;
import io.moolah.client.model.GetWalletBalance200Response;
import io.moolah.client.model.Hold;
import io.moolah.client.model.HoldCaptureRequest;
import io.moolah.client.model.HoldPage;
import io.moolah.client.model.HoldRequest;
import io.moolah.client.model.HoldStatus;
import io.moolah.client.model.ListWalletTransactions200Response;
import io.moolah.client.model.LoginRequest;
import io.moolah.client.model.Problem;
import io.moolah.client.model.RefreshTokenRequest;
import io.moolah.client.model.RegisterRequest;
import io.moolah.client.model.Registration;
import io.moolah.client.model.Tokens;
import io.moolah.client.model.Transfer;
import io.moolah.client.model.TransferRequest;
import io.moolah.localstack.Await;
import io.moolah.localstack.testing.PlatformExtension;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The customer journeys through the Java client generated from the published contract (api-client), as an integrator
 * would write them: if the document and the platform disagree on a path, a field or a status, this fails.
 */
@ExtendWith(PlatformExtension.class)
class GeneratedClientSystemTest {

    @Test
    void aCustomerRegistersIsFundedSendsMoneyHoldsAndReadsHistoryThroughTheGeneratedClient(RunningPlatform platform) throws Exception {
        GatewayClient gateway = new GatewayClient(platform.gatewayUrl(), platform.gatewayCertificate());
        Session alice = registerAndLogIn(platform, "Alice Client");
        Session bob = registerAndLogIn(platform, "Bob Client");

        CustomerProfile profile = new CustomersAndSessionsApi(alice.api()).getProfile();
        assertEquals(alice.phone(), profile.getPhoneNumber());
        assertEquals(alice.walletId(), profile.getWallets().get(0).getWalletId());

        Adjustment funding = new OperatorsApi(client(platform, Customers.operatorToken(gateway, platform)))
                .createAdjustment(UUID.randomUUID().toString(), new AdjustmentRequest()
                        .walletId(alice.walletId()).amount(50_000L).currency("ZAR").reason("generated client float"));
        assertEquals(50_000L, funding.getAmount());

        TransfersApi transfers = new TransfersApi(alice.api());
        String key = UUID.randomUUID().toString();
        TransferRequest toBob = new TransferRequest().fromWalletId(alice.walletId()).toPhoneNumber(bob.phone())
                .amount(12_345L).currency("ZAR").reference("lunch");
        Transfer sent = transfers.createTransfer(key, toBob);
        assertEquals(Transfer.StatusEnum.POSTED, sent.getStatus());
        assertEquals(bob.walletId(), sent.getToWalletId());
        ApiResponse<Transfer> replay = transfers.createTransferWithHttpInfo(key, toBob);
        assertEquals(sent.getTransactionId(), replay.getData().getTransactionId(), "the same key makes one transfer");
        assertEquals("true", replay.getHeaders().get("idempotent-replayed").get(0));

        WalletsApi wallets = new WalletsApi(alice.api());
        GetWalletBalance200Response balance = wallets.getWalletBalance(alice.walletId().toString(), null, sent.getVersion());
        assertEquals(50_000L - 12_345L, balance.getLedgerBalance());
        assertEquals(balance.getLedgerBalance(), balance.getAvailableBalance());
        GetWalletBalance200Response before = wallets.getWalletBalance(alice.walletId().toString(),
                sent.getCreatedAt().minusNanos(1_000), null);
        assertEquals(50_000L, before.getLedgerBalance(), "the balance as it stood just before the transfer");

        ListWalletTransactions200Response history = wallets.listWalletTransactions(alice.walletId().toString(), 10, null,
                null, null, null, sent.getVersion());
        @SuppressWarnings("unchecked")
        Map<String, Object> latest = (Map<String, Object>) history.getItems().get(0);
        assertEquals(sent.getTransactionId().toString(), latest.get("transactionId"));
        assertEquals(12_345, ((Number) latest.get("amount")).intValue());

        ApiException refused = assertThrows(ApiException.class, () -> transfers.createTransfer(UUID.randomUUID().toString(),
                new TransferRequest().fromWalletId(alice.walletId()).toWalletId(bob.walletId()).amount(40_000L).currency("ZAR")));
        assertEquals(422, refused.getCode());
        assertEquals("INSUFFICIENT_FUNDS", problem(alice.api(), refused).getCode());

        HoldsApi holds = new HoldsApi(alice.api());
        Hold held = holds.placeHold(UUID.randomUUID().toString(), new HoldRequest().walletId(alice.walletId())
                .amount(1_000L).currency("ZAR").reference("taxi").expiresAt(OffsetDateTime.now().plusHours(1)));
        assertEquals(HoldStatus.OPEN, held.getStatus());
        Hold captured = holds.captureHold(held.getHoldId(), UUID.randomUUID().toString(), new HoldCaptureRequest().amount(600L));
        assertEquals(HoldStatus.CAPTURED, captured.getStatus());
        HoldPage page = holds.listHolds(null, 10, "CAPTURED", null);
        assertTrue(page.getItems().stream().anyMatch(item -> item.getHoldId().equals(held.getHoldId())), "the captured hold is listed");

        new CustomersAndSessionsApi(alice.api()).logout(new RefreshTokenRequest().refreshToken(alice.refreshToken()));
        ApiException reused = assertThrows(ApiException.class, () -> new CustomersAndSessionsApi(client(platform, null))
                .refreshSession(new RefreshTokenRequest().refreshToken(alice.refreshToken())));
        assertEquals(401, reused.getCode());
    }

    record Session(String phone, UUID walletId, String refreshToken, ApiClient api) {
    }

    private static Session registerAndLogIn(RunningPlatform platform, String name) throws ApiException {
        CustomersAndSessionsApi anonymous = new CustomersAndSessionsApi(client(platform, null));
        String phone = AccountsSystemTest.newPhoneNumber();
        Registration registration = anonymous.registerCustomer(new RegisterRequest().phoneNumber(phone).fullName(name).pin(Customers.PIN));
        Tokens tokens = anonymous.login(new LoginRequest().phoneNumber(phone).pin(Customers.PIN));
        ApiClient api = client(platform, tokens.getAccessToken());
        WalletsApi wallets = new WalletsApi(api);
        Await.until("the ledger to know wallet " + registration.getWalletId(), Duration.ofSeconds(30), () -> {
            try {
                wallets.getWalletBalance(registration.getWalletId().toString(), null, null);
                return true;
            } catch (ApiException notYet) {
                return false;
            }
        });
        return new Session(phone, registration.getWalletId(), tokens.getRefreshToken(), api);
    }

    /** The generated client, over TLS to the gateway trusting its development certificate, with a token if given. */
    private static ApiClient client(RunningPlatform platform, String accessToken) {
        ApiClient api = new ApiClient();
        api.setHttpClientBuilder(HttpClient.newBuilder().sslContext(GatewayClient.trusting(platform.gatewayCertificate()))
                .connectTimeout(Duration.ofSeconds(5)));
        api.updateBaseUri(platform.gatewayUrl());
        api.setReadTimeout(Duration.ofSeconds(15));
        if (accessToken != null) {
            api.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + accessToken));
        }
        return api;
    }

    private static Problem problem(ApiClient api, ApiException refused) throws Exception {
        return api.getObjectMapper().readValue(refused.getResponseBody(), Problem.class);
    }
}
