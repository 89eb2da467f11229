package io.moolah.payment.peach;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HMAC-SHA256 {@code signature} of Peach Payments Checkout: we sign the parameters of a Checkout request, and
 * check the signature Peach puts on its Checkout webhooks and on the redirect it POSTs to {@code shopperResultUrl}.
 * Without it anyone could forge a "payment succeeded" callback, or alter the amount of a request on its way to Peach.
 *
 * <p>The rule, from <a href="https://developer.peachpayments.com/docs/checkout-authentication">Peach: Hosted Checkout
 * authentication and authorisation</a> (read 2026):
 * <ol>
 *   <li>Take every parameter of the request, including empty ones, and sort them by name in alphabetical order
 *       (Peach's own example sorts with Python's {@code sorted}, i.e. by code point, so upper case before lower case;
 *       {@link String#compareTo} gives the same order for the ASCII names Peach uses).</li>
 *   <li>Concatenate name and value for each, with nothing in between and nothing between pairs:
 *       {@code amount2authentication.entityId8ac7...currencyZAR...}. An empty value contributes just its name.</li>
 *   <li>HMAC-SHA256 that string (UTF-8) with the merchant's secret token (UTF-8) as the key, as lower-case hex.</li>
 * </ol>
 * The page publishes a worked example (secret {@code 3fcd7cf22f55119eadbe02d14de18c0c}, HMAC
 * {@code 311ed8e11e2da00d98c7479ca390a5396fe643e13629d850243dada877963afd}) that the tests reproduce. It also says
 * "Peach Payments signs the payment responses to the shopper result URL and transaction webhooks using the same
 * signing method". Those arrive as {@code application/x-www-form-urlencoded} with the signature in a form field
 * named {@code signature} (<a href="https://developer.peachpayments.com/docs/checkout-webhooks">Checkout
 * webhooks</a>, <a href="https://developer.peachpayments.com/docs/checkout-redirect-response">Redirect
 * response</a>); that field cannot sign itself, so it is always left out of the signed string. Pass the
 * <em>form-decoded</em> values, exactly as received: every field counts, including ones this service ignores.
 */
public final class CheckoutSignature {

    /** The form field that carries the signature; never part of what is signed. */
    public static final String SIGNATURE_FIELD = "signature";

    private static final String HMAC_ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private CheckoutSignature() {
    }

    /**
     * The signature Peach expects for {@code params} (any {@value #SIGNATURE_FIELD} entry is ignored).
     *
     * @throws IllegalArgumentException if the secret is null or blank, or {@code params} is null or holds a null
     *                                  name or value (an absent value is almost always a bug, and Peach would sign
     *                                  the request without it, so signing it as empty would only fail later)
     */
    public static String sign(Map<String, String> params, String secret) {
        return HEX.formatHex(hmac(signedString(params), secret));
    }

    /**
     * Whether {@code signature} is Peach's signature of {@code params} (hex in either case), compared in constant
     * time. A missing or malformed signature is simply not valid.
     *
     * @throws IllegalArgumentException as {@link #sign}: those are programming or configuration errors, not bad
     *                                  input from Peach
     */
    public static boolean verify(Map<String, String> params, String signature, String secret) {
        byte[] expected = hmac(signedString(params), secret);
        byte[] presented;
        try {
            presented = signature == null ? new byte[0] : HEX.parseHex(signature);
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(expected, presented);
    }

    private static String signedString(Map<String, String> params) {
        if (params == null) {
            throw new IllegalArgumentException("params are required");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        params.forEach((name, value) -> {
            if (name == null || value == null) {
                throw new IllegalArgumentException("parameter names and values must not be null (name: " + name + ")");
            }
            if (!SIGNATURE_FIELD.equals(name)) {
                sorted.put(name, value);
            }
        });
        StringBuilder signed = new StringBuilder();
        sorted.forEach((name, value) -> signed.append(name).append(value));
        return signed.toString();
    }

    private static byte[] hmac(String message, String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the Checkout secret token is required");
        }
        try {
            Mac mac = Mac.getInstance(HMAC_ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC_ALGORITHM));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
