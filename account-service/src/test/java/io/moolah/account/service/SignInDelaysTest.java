package io.moolah.account.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SignInDelaysTest {

    @Test
    void freeTriesThenOneSecondDoublingUpToTheCap() {
        Duration max = Duration.ofMinutes(15);
        assertEquals(Duration.ZERO, SignInDelays.after(0, 3, max));
        assertEquals(Duration.ZERO, SignInDelays.after(3, 3, max));
        assertEquals(Duration.ofSeconds(1), SignInDelays.after(4, 3, max));
        assertEquals(Duration.ofSeconds(2), SignInDelays.after(5, 3, max));
        assertEquals(Duration.ofSeconds(512), SignInDelays.after(13, 3, max));
        assertEquals(max, SignInDelays.after(14, 3, max));
        assertEquals(max, SignInDelays.after(1_000_000, 3, max));
    }
}
