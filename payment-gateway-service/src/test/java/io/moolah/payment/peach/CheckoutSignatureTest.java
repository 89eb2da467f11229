package io.moolah.payment.peach;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckoutSignatureTest {

    /** The worked example on developer.peachpayments.com/docs/checkout-authentication. */
    private static final String DOCS_SECRET = "3fcd7cf22f55119eadbe02d14de18c0c";
    private static final String DOCS_HMAC = "311ed8e11e2da00d98c7479ca390a5396fe643e13629d850243dada877963afd";
    private static final String DOCS_CONCATENATED = "amount2"
            + "authentication.entityId8ac7a4ca68c22c4d0168c2caab2e0025"
            + "currencyZAR"
            + "defaultPaymentMethodCARD"
            + "merchantTransactionIdTest1234"
            + "nonceJHGJSGHDSKJHGJDHGJH"
            + "paymentTypeDB"
            + "shopperResultUrlhttps://webhook.site/4e9b63bf-0d99-4d62-bd24-1d36ca866e1b";

    private static Map<String, String> docsParams() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("shopperResultUrl", "https://webhook.site/4e9b63bf-0d99-4d62-bd24-1d36ca866e1b");
        params.put("paymentType", "DB");
        params.put("nonce", "JHGJSGHDSKJHGJDHGJH");
        params.put("merchantTransactionId", "Test1234");
        params.put("defaultPaymentMethod", "CARD");
        params.put("currency", "ZAR");
        params.put("authentication.entityId", "8ac7a4ca68c22c4d0168c2caab2e0025");
        params.put("amount", "2");
        return params;
    }

    /** A webhook as Peach posts it (checkout-redirect-response example), form-decoded. */
    private static Map<String, String> webhookParams() {
        Map<String, String> params = new HashMap<>();
        params.put("amount", "14.99");
        params.put("checkoutId", "0fa125d002044484b0fbfb43c1c5c554");
        params.put("currency", "ZAR");
        params.put("id", "1d6c60ed0dfd4a6a9a26a13922b65766");
        params.put("merchantTransactionId", "UAT12345");
        params.put("paymentBrand", "MOBICRED");
        params.put("paymentType", "DB");
        params.put("result.code", "000.100.110");
        params.put("result.description", "Request successfully processed in 'Merchant in Integrator Test Mode'");
        params.put("resultDetails.AcquirerResponse", "Approved");
        params.put("timestamp", "2019-01-25T08:27:46.916519Z");
        return params;
    }

    /** HMAC-SHA256 of a hand-built string, straight from the JDK: the independent expectation. */
    private static String referenceHmac(String message, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void reproducesThePublishedExample() throws Exception {
        assertEquals(DOCS_HMAC, referenceHmac(DOCS_CONCATENATED, DOCS_SECRET), "the test's own reference");
        assertEquals(DOCS_HMAC, CheckoutSignature.sign(docsParams(), DOCS_SECRET));
        assertTrue(CheckoutSignature.verify(docsParams(), DOCS_HMAC, DOCS_SECRET));
    }

    @Test
    void emptyValuesAreSignedAsTheirNameAlone() throws Exception {
        Map<String, String> params = docsParams();
        params.put("notificationUrl", "");
        String expected = referenceHmac("amount2"
                + "authentication.entityId8ac7a4ca68c22c4d0168c2caab2e0025"
                + "currencyZAR"
                + "defaultPaymentMethodCARD"
                + "merchantTransactionIdTest1234"
                + "nonceJHGJSGHDSKJHGJDHGJH"
                + "notificationUrl"
                + "paymentTypeDB"
                + "shopperResultUrlhttps://webhook.site/4e9b63bf-0d99-4d62-bd24-1d36ca866e1b", DOCS_SECRET);
        assertEquals(expected, CheckoutSignature.sign(params, DOCS_SECRET));
        assertFalse(CheckoutSignature.verify(params, DOCS_HMAC, DOCS_SECRET), "an empty parameter still counts");
    }

    @Test
    void namesSortByCodePointSoUpperCaseComesFirst() throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("b", "3");
        params.put("a", "2");
        params.put("B", "1");
        assertEquals(referenceHmac("B1a2b3", "s3cret"), CheckoutSignature.sign(params, "s3cret"));
    }

    @Test
    void valuesAreUtf8() throws Exception {
        Map<String, String> params = Map.of("customer.givenName", "Zoë", "amount", "10.00");
        assertEquals(referenceHmac("amount10.00customer.givenNameZoë", "s3cret"),
                CheckoutSignature.sign(params, "s3cret"));
    }

    @Test
    void theSignatureFieldIsNeverSigned() {
        Map<String, String> withSignature = docsParams();
        withSignature.put(CheckoutSignature.SIGNATURE_FIELD, DOCS_HMAC);
        assertEquals(DOCS_HMAC, CheckoutSignature.sign(withSignature, DOCS_SECRET));
        assertTrue(CheckoutSignature.verify(withSignature, withSignature.get("signature"), DOCS_SECRET));
    }

    @Test
    void aSignedWebhookVerifiesWhateverTheMapOrder() {
        String signature = CheckoutSignature.sign(webhookParams(), "webhook-secret");
        assertEquals(64, signature.length());
        assertEquals(signature.toLowerCase(Locale.ROOT), signature, "lower-case hex");
        assertTrue(CheckoutSignature.verify(new LinkedHashMap<>(webhookParams()), signature, "webhook-secret"));
        assertTrue(CheckoutSignature.verify(webhookParams(), signature.toUpperCase(Locale.ROOT), "webhook-secret"));
    }

    @Test
    void changingAnyValueBreaksTheSignature() {
        String signature = CheckoutSignature.sign(webhookParams(), "webhook-secret");
        for (String name : webhookParams().keySet()) {
            Map<String, String> tampered = webhookParams();
            tampered.put(name, tampered.get(name) + "0");
            assertFalse(CheckoutSignature.verify(tampered, signature, "webhook-secret"), name);
        }
    }

    @Test
    void addingRemovingOrRenamingAParameterBreaksTheSignature() {
        String signature = CheckoutSignature.sign(webhookParams(), "webhook-secret");

        Map<String, String> added = webhookParams();
        added.put("merchantInvoiceId", "");
        assertFalse(CheckoutSignature.verify(added, signature, "webhook-secret"));

        List<String> names = new ArrayList<>(webhookParams().keySet());
        for (String name : names) {
            Map<String, String> removed = webhookParams();
            removed.remove(name);
            assertFalse(CheckoutSignature.verify(removed, signature, "webhook-secret"), name);
        }

        Map<String, String> renamed = webhookParams();
        renamed.put("Amount", renamed.remove("amount"));
        assertFalse(CheckoutSignature.verify(renamed, signature, "webhook-secret"));
    }

    @Test
    void theWrongSecretFails() {
        assertFalse(CheckoutSignature.verify(docsParams(), DOCS_HMAC, DOCS_SECRET + "x"));
        assertFalse(CheckoutSignature.verify(docsParams(), DOCS_HMAC, DOCS_SECRET.toUpperCase(Locale.ROOT)));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "   ",
            "not-hex",
            "311ed8e11e2da00d98c7479ca390a5396fe643e13629d850243dada877963af", // odd length
            "311ed8e11e2da00d98c7479ca390a5396fe643e13629d850243dada877963a", // one byte short
            "311ed8e11e2da00d98c7479ca390a5396fe643e13629d850243dada877963afd00", // one byte long
            "411ed8e11e2da00d98c7479ca390a5396fe643e13629d850243dada877963afd", // first nibble changed
            " 311ed8e11e2da00d98c7479ca390a5396fe643e13629d850243dada877963afd",
    })
    void missingOrMalformedSignaturesAreNotValid(String signature) {
        assertFalse(CheckoutSignature.verify(docsParams(), signature, DOCS_SECRET));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n"})
    void aMissingSecretIsAConfigurationError(String secret) {
        assertThrows(IllegalArgumentException.class, () -> CheckoutSignature.sign(docsParams(), secret));
        assertThrows(IllegalArgumentException.class, () -> CheckoutSignature.verify(docsParams(), DOCS_HMAC, secret));
    }

    @Test
    void nullParametersAreProgrammingErrors() {
        assertThrows(IllegalArgumentException.class, () -> CheckoutSignature.sign(null, DOCS_SECRET));
        assertThrows(IllegalArgumentException.class, () -> CheckoutSignature.verify(null, DOCS_HMAC, DOCS_SECRET));

        Map<String, String> nullValue = docsParams();
        nullValue.put("merchantInvoiceId", null);
        assertThrows(IllegalArgumentException.class, () -> CheckoutSignature.sign(nullValue, DOCS_SECRET));

        Map<String, String> nullName = new HashMap<>(docsParams());
        nullName.put(null, "x");
        assertThrows(IllegalArgumentException.class, () -> CheckoutSignature.sign(nullName, DOCS_SECRET));
    }
}
