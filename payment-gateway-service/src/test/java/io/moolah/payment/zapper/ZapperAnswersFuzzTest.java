package io.moolah.payment.zapper;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Zapper (or anything answering in its place) says about a scanned code or a payment: a merchant, "the code is
 * closed", or a payment status among three. A malformed answer is "not JSON" (the client's Unknown: 503 or 202,
 * never a 500), and no answer can make a payment look successful unless it says so.
 */
class ZapperAnswersFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @FuzzTest(maxDuration = "10m")
    void anyAnswerIsAMerchantOrAStatusOrNotJson(byte[] answer) throws Exception {
        JsonNode tree;
        try {
            tree = JSON.readTree(answer);
        } catch (JacksonException | java.io.CharConversionException notJson) {
            return;
        }
        if (tree == null) {
            return;
        }
        try {
            ZapperClient.Merchant merchant = ZapperClient.merchantOf(tree);
            assertNotNull(merchant.currency());
            assertTrue(merchant.currency().equals(merchant.currency().trim()), merchant.currency());
        } catch (ZapperClient.InvalidCode closed) {
            // 422 INVALID_QR_CODE
        }
        ZapperClient.Payment payment = ZapperClient.payment(tree);
        assertTrue(Set.of("success", "failed", "processing").contains(payment.status()) || !payment.succeeded() && !payment.failed(),
                payment.status());
        if (payment.succeeded()) {
            JsonNode status = tree.path("status");
            assertTrue(status.asText().equals("success") || status.isNumber() && status.asInt() == 1, status.toString());
        }
    }
}
