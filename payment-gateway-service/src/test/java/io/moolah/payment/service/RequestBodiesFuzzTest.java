package io.moolah.payment.service;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.payment.reconciliation.Reconciliations;
import io.moolah.payment.rest.AdminPaymentResource;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import io.moolah.platform.web.StrictJson;
import io.moolah.platform.web.TimeParameters;

import java.io.CharConversionException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The payment API's request bodies (top-up, QR payment with its scanned Zapper code, refund, reconciliation run), read
 * as the service reads them (StrictJson); a QR payment is checked by the rules that run before Zapper is asked. A
 * value, a parsing problem (400 MALFORMED_JSON) or a 4xx problem: never another exception (a 500). An accepted QR
 * code holds no control character, so it can be stored as text and sent to Zapper.
 */
class RequestBodiesFuzzTest {
    private static final ObjectMapper JSON = strict();
    private static final UUID WALLET = UUID.fromString("6f1c2b9e-3a54-4c1d-9f0e-2b7a8c9d0e1f");
    private static final Caller CUSTOMER = new Caller(UUID.randomUUID(), List.of(WALLET), Set.of(Caller.CUSTOMER), "s");
    private static final List<Class<?>> BODIES = List.of(QrPaymentService.QrRequest.class, TopUpService.TopUpRequest.class,
            AdminPaymentResource.RefundRequest.class, Reconciliations.Request.class);

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
            if (request instanceof QrPaymentService.QrRequest qr) {
                assertEquals(WALLET, QrPaymentService.validate(CUSTOMER, qr));
                assertTrue(qr.qrCode().strip().codePoints().noneMatch(Character::isISOControl), "accepted codes are printable");
            } else if (request instanceof Reconciliations.Request run) {
                TimeParameters.date("date", run.date());
            }
        } catch (ProblemException problem) {
            assertTrue(problem.status() >= 400 && problem.status() < 500, problem.status() + " " + problem.code());
        }
    }

    @FuzzTest(maxDuration = "10m")
    void anyScannedCodeIsAcceptedOrA400(FuzzedDataProvider data) {
        String code = data.consumeRemainingAsString();
        try {
            QrPaymentService.validate(CUSTOMER, new QrPaymentService.QrRequest(WALLET.toString(), code, 500L, "ZAR"));
            assertTrue(!code.isBlank() && code.length() <= 2048, "a blank or over-long code is refused");
            assertTrue(code.strip().codePoints().noneMatch(c -> c == 0 || Character.isISOControl(c)), "no control characters");
        } catch (ProblemException problem) {
            assertEquals(400, problem.status(), problem.code());
            assertEquals("VALIDATION_FAILED", problem.code());
        }
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }
}
