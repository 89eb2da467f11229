package io.moolah.localstack.simulators;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The HTML of the simulator's stand-in for Peach's hosted checkout page ({@code GET /checkout/{id}}). No script and no
 * inline style, so the pages are served under a strict Content-Security-Policy and work without JavaScript; every value
 * written into them goes through {@link #escape}.
 */
final class PeachCheckoutPage {
    static final String TITLE = "Peach Payments (simulator)";
    static final String STYLESHEET_PATH = "/checkout/assets/checkout.css";

    /** What the page shows about a checkout. */
    record Summary(String checkoutId, BigDecimal amount, String currency, String merchantReference) {
        String price() {
            String symbol = "ZAR".equals(currency) ? "R" : currency;
            return symbol + " " + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
        }
    }

    /**
     * Where the browser goes back to the merchant: the checkout's shopperResultUrl with Peach's {@code id} and
     * {@code resourcePath} appended, and that URL's origin (for the policy's form-action, which a browser also applies
     * to the redirect after the form is posted).
     */
    record ShopperReturn(String url, String origin) {
        /** Empty when the checkout has no shopperResultUrl, or one that is not an absolute http(s) URL. */
        static Optional<ShopperReturn> of(String shopperResultUrl, String checkoutId) {
            if (shopperResultUrl == null || shopperResultUrl.isEmpty()) {
                return Optional.empty();
            }
            URI uri;
            try {
                uri = new URI(shopperResultUrl);
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return Optional.empty();
            }
            int hash = shopperResultUrl.indexOf('#');
            String base = hash < 0 ? shopperResultUrl : shopperResultUrl.substring(0, hash);
            String fragment = hash < 0 ? "" : shopperResultUrl.substring(hash);
            String separator = !base.contains("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
            String url = base + separator + "id=" + checkoutId + "&resourcePath=/v2/checkout/" + checkoutId + "/status" + fragment;
            String origin = scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            return Optional.of(new ShopperReturn(url, origin));
        }
    }

    private PeachCheckoutPage() {
    }

    /** The policy for every page: nothing but the simulator's stylesheet loads, forms go to the simulator or the merchant. */
    static String contentSecurityPolicy(Optional<ShopperReturn> shopperReturn) {
        return "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'"
                + shopperReturn.map(target -> " " + target.origin()).orElse("")
                + "; frame-ancestors 'none'; base-uri 'none'";
    }

    /** The card form; {@code entered} refills the holder and expiry after an error (never the card number or CVV). */
    static String form(Summary summary, CardEntry entered, Set<CardEntry.Problem> problems) {
        StringBuilder html = new StringBuilder(head(TITLE));
        html.append("<main>\n<h1>").append(escape(TITLE)).append("</h1>\n");
        summary(html, summary);
        if (!problems.isEmpty()) {
            html.append("<div id=\"error\" class=\"error\" role=\"alert\">\n<p>The payment was not made. Check the card details:</p>\n<ul>\n");
            problems.forEach(problem -> html.append("<li>").append(escape(problem.message)).append("</li>\n"));
            html.append("</ul>\n</div>\n");
        }
        html.append("<form method=\"post\" action=\"/checkout/").append(escape(summary.checkoutId())).append("\">\n");
        field(html, "holder", "Card holder", "text", "cc-name", entered.holder(), problems, "");
        field(html, "card", "Card number", "text", "cc-number", "", problems, " inputmode=\"numeric\" maxlength=\"23\"");
        html.append("<div class=\"pair\">\n");
        field(html, "expiry", "Expiry (MM/YY)", "text", "cc-exp", entered.expiry(), problems,
                " inputmode=\"numeric\" placeholder=\"MM/YY\" maxlength=\"7\"");
        field(html, "cvv", "CVV", "text", "cc-csc", "", problems, " inputmode=\"numeric\" maxlength=\"4\"");
        html.append("</div>\n<button id=\"pay\" type=\"submit\">Pay ").append(escape(summary.price())).append("</button>\n</form>\n");
        html.append("<section class=\"hint\" aria-labelledby=\"test-cards\">\n<h2 id=\"test-cards\">Test cards</h2>\n<ul>\n"
                + "<li>4000 0000 0000 0002: declined</li>\n<li>4000 0000 0000 0119: processing error</li>\n"
                + "<li>Any other valid card number (e.g. 4242 4242 4242 4242): paid</li>\n</ul>\n"
                + "<p>Use any future expiry date and any 3 digit CVV. No money moves: this is a simulator.</p>\n</section>\n");
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    /** A page in place of the form: the checkout has ended, or is gone; with a link back to the merchant when known. */
    static String message(String heading, String text, Optional<Summary> summary, Optional<ShopperReturn> back) {
        StringBuilder html = new StringBuilder(head(heading + " - " + TITLE));
        html.append("<main>\n<h1>").append(escape(heading)).append("</h1>\n");
        summary.ifPresent(shown -> summary(html, shown));
        html.append("<p id=\"message\">").append(escape(text)).append("</p>\n");
        back.ifPresent(target -> html.append("<p><a id=\"return\" href=\"").append(escape(target.url()))
                .append("\">Return to the merchant</a></p>\n"));
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    private static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n"
                + "<link rel=\"stylesheet\" href=\"" + STYLESHEET_PATH + "\">\n</head>\n<body>\n";
    }

    private static void summary(StringBuilder html, Summary summary) {
        html.append("<dl class=\"summary\">\n<dt>Amount</dt><dd id=\"amount\">").append(escape(summary.price()))
                .append("</dd>\n<dt>Merchant reference</dt><dd id=\"reference\">").append(escape(summary.merchantReference()))
                .append("</dd>\n</dl>\n");
    }

    private static void field(StringBuilder html, String name, String label, String type, String autocomplete, String value,
                              Set<CardEntry.Problem> problems, String extra) {
        boolean invalid = problems.stream().anyMatch(problem -> problem.field.equals(name));
        html.append("<label for=\"").append(name).append("\">").append(escape(label)).append("</label>\n")
                .append("<input id=\"").append(name).append("\" name=\"").append(name).append("\" type=\"").append(type)
                .append("\" autocomplete=\"").append(autocomplete).append("\" required").append(extra);
        if (!value.isEmpty()) {
            html.append(" value=\"").append(escape(value)).append('"');
        }
        if (invalid) {
            html.append(" aria-invalid=\"true\" aria-describedby=\"error\"");
        }
        html.append(">\n");
    }

    /** Text safe in HTML content and in double- or single-quoted attribute values. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
