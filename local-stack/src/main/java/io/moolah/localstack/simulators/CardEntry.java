package io.moolah.localstack.simulators;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a shopper typed on the simulator's hosted checkout page, checked as a card form would check it. Pure (the month
 * is passed in), so the rules are tested without a server.
 */
record CardEntry(String holder, String card, String expiry, String cvv) {
    private static final Pattern EXPIRY = Pattern.compile("(\\d{2})\\s*/\\s*(\\d{2})");
    private static final Pattern CVV = Pattern.compile("\\d{3,4}");
    private static final Pattern CARD = Pattern.compile("\\d{12,19}");

    /** A field the shopper has to correct, with what the page tells them. */
    enum Problem {
        HOLDER("holder", "Enter the card holder's name."),
        CARD("card", "Enter a valid card number (12 to 19 digits)."),
        EXPIRY("expiry", "Enter an expiry date as MM/YY that is not in the past."),
        CVV("cvv", "Enter the 3 or 4 digit CVV.");

        final String field;
        final String message;

        Problem(String field, String message) {
            this.field = field;
            this.message = message;
        }
    }

    static final CardEntry EMPTY = new CardEntry("", "", "", "");

    /** Reads an application/x-www-form-urlencoded body; a body that cannot be decoded reads as an empty form. */
    static CardEntry fromForm(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            for (String pair : body.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    fields.putIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        } catch (IllegalArgumentException e) {
            return EMPTY;
        }
        return new CardEntry(fields.getOrDefault("holder", "").strip(), fields.getOrDefault("card", "").strip(),
                fields.getOrDefault("expiry", "").strip(), fields.getOrDefault("cvv", "").strip());
    }

    /** The card number without the spaces shoppers type between groups. */
    String cardDigits() {
        return card.replace(" ", "");
    }

    /** What is wrong with the entry in {@code month} (the current one, UTC); empty when the card can be charged. */
    Set<Problem> problems(YearMonth month) {
        Set<Problem> problems = EnumSet.noneOf(Problem.class);
        if (holder.isBlank()) {
            problems.add(Problem.HOLDER);
        }
        if (!CARD.matcher(cardDigits()).matches() || !luhnValid(cardDigits())) {
            problems.add(Problem.CARD);
        }
        if (!expiresInOrAfter(expiry, month)) {
            problems.add(Problem.EXPIRY);
        }
        if (!CVV.matcher(cvv).matches()) {
            problems.add(Problem.CVV);
        }
        return problems;
    }

    static boolean luhnValid(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return !digits.isEmpty() && sum % 10 == 0;
    }

    /** A card is good until the end of its expiry month. */
    static boolean expiresInOrAfter(String expiry, YearMonth month) {
        Matcher matcher = EXPIRY.matcher(expiry);
        if (!matcher.matches()) {
            return false;
        }
        int mm = Integer.parseInt(matcher.group(1));
        int yy = Integer.parseInt(matcher.group(2));
        return mm >= 1 && mm <= 12 && !YearMonth.of(2000 + yy, mm).isBefore(month);
    }
}
