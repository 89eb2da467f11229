package io.moolah.transaction.service;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.platform.web.ProblemException;
import io.moolah.platform.web.StrictJson;
import io.moolah.platform.web.TimeParameters;
import io.moolah.transaction.config.LedgerSettings;
import io.moolah.transaction.rest.AdminResource;

import java.io.CharConversionException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request body of the ledger, read as the service reads it (StrictJson) and checked by the input rules that
 * need no database (wallet ids, amounts, currencies, free text, times): a value, a parsing problem (400
 * MALFORMED_JSON) or a 4xx problem with its code. Never another exception, which would be a 500.
 */
class RequestBodiesFuzzTest {
    private static final ObjectMapper JSON = strict();
    private static final List<Class<?>> BODIES = List.of(TransferService.Request.class, HoldService.PlaceRequest.class,
            HoldService.CaptureRequest.class, AdminLedgerService.AdjustmentRequest.class, AdminResource.ReverseRequest.class,
            Approvals.RejectRequest.class, LedgerExceptions.ResolveRequest.class);
    private static final Amounts AMOUNTS = amounts();

    @FuzzTest(maxDuration = "10m")
    void anyBodyIsARequestOrA4xx(FuzzedDataProvider data) throws Exception {
        Class<?> type = data.pickValue(BODIES);
        byte[] body = data.consumeRemainingAsBytes();
        Object request;
        try {
            request = JSON.readValue(body, type);
        } catch (JacksonException | CharConversionException malformed) {
            return;
        }
        try {
            check(request);
        } catch (ProblemException problem) {
            assertTrue(problem.status() >= 400 && problem.status() < 500, problem.status() + " " + problem.code());
        }
    }

    private static void check(Object request) {
        if (request instanceof TransferService.Request transfer) {
            Amounts.walletId("fromWalletId", transfer.fromWalletId());
            if (transfer.toWalletId() != null) {
                Amounts.walletId("toWalletId", transfer.toWalletId());
            }
            AMOUNTS.positive(transfer.amount());
            AMOUNTS.currency(transfer.currency());
            Amounts.text("reference", transfer.reference(), false);
        } else if (request instanceof HoldService.PlaceRequest hold) {
            Amounts.walletId("walletId", hold.walletId());
            AMOUNTS.positive(hold.amount());
            AMOUNTS.currency(hold.currency());
            Amounts.text("reference", hold.reference(), false);
            TimeParameters.instant("expiresAt", hold.expiresAt());
        } else if (request instanceof HoldService.CaptureRequest capture && capture.amount() != null) {
            AMOUNTS.positive(capture.amount());
        } else if (request instanceof AdminLedgerService.AdjustmentRequest adjustment) {
            Amounts.walletId("walletId", adjustment.walletId());
            AMOUNTS.nonZero(adjustment.amount());
            AMOUNTS.currency(adjustment.currency());
            Amounts.text("reason", adjustment.reason(), true);
        } else if (request instanceof AdminResource.ReverseRequest reverse) {
            Amounts.text("reason", reverse.reason(), true);
        } else if (request instanceof Approvals.RejectRequest reject) {
            Amounts.text("reason", reject.reason(), true);
        } else if (request instanceof LedgerExceptions.ResolveRequest resolve) {
            Amounts.text("resolution", resolve.resolution(), true);
        }
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }

    /** The input rules with the ledger's default settings (ZAR, at most R1,000,000 a movement). */
    private static Amounts amounts() {
        Amounts amounts = new Amounts();
        amounts.settings = (LedgerSettings) Proxy.newProxyInstance(LedgerSettings.class.getClassLoader(),
                new Class<?>[] {LedgerSettings.class}, (proxy, method, arguments) -> switch (method.getName()) {
                    case "maxAmount" -> 100_000_000L;
                    case "currencies" -> Set.of("ZAR");
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return amounts;
    }
}
