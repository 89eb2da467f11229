package io.moolah.loadtest;

import java.time.Duration;
import java.util.Locale;

/**
 * The founding document's three load scenarios: how many customers arrive over the ramp-up, how long the load then
 * holds, and whether the mission's promises are asserted (normal and peak) or the breaking point is looked for (stress).
 * {@code scale} shortens the durations for a quick run; the user counts stay.
 */
public record Scenario(String name, int users, Duration rampUp, Duration hold, boolean asserted) {

    public static Scenario named(String name, double scale) {
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("scale must be in (0, 1], not " + scale);
        }
        Scenario full = switch (name.toLowerCase(Locale.ROOT)) {
            case "normal" -> new Scenario("normal", 100, Duration.ofMinutes(1), Duration.ofMinutes(5), true);
            case "peak" -> new Scenario("peak", 1000, Duration.ofMinutes(2), Duration.ofMinutes(10), true);
            case "stress" -> new Scenario("stress", 2000, Duration.ofMinutes(5), Duration.ofMinutes(15), false);
            default -> throw new IllegalArgumentException("scenario must be normal, peak or stress, not " + name);
        };
        return new Scenario(full.name, full.users, scaled(full.rampUp, scale), scaled(full.hold, scale), full.asserted);
    }

    /** How long the whole run lasts: the last customer arrives at the end of the ramp-up and stays for the hold. */
    public Duration total() {
        return rampUp.plus(hold);
    }

    private static Duration scaled(Duration duration, double scale) {
        return Duration.ofMillis(Math.max(1000, Math.round(duration.toMillis() * scale)));
    }
}
