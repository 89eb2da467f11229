package io.moolah.gateway.upstream;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class UpstreamPoolTest {
    private static final long EJECTION = 10_000_000_000L;
    private final UpstreamInstance a = new UpstreamInstance("cache", "http://127.0.0.1:1/", EJECTION, 3);
    private final UpstreamInstance b = new UpstreamInstance("cache", "http://127.0.0.1:2", EJECTION, 3);
    private final UpstreamInstance c = new UpstreamInstance("cache", "http://127.0.0.1:3", EJECTION, 3);
    private final UpstreamPool pool = new UpstreamPool("cache", List.of(a, b, c), new CircuitBreaker(20, 10, 0.5, 1));

    private List<UpstreamInstance> pick(int times, long now) {
        List<UpstreamInstance> picked = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            picked.add(pool.next(Set.of(), now));
        }
        return picked;
    }

    @Test
    void roundRobinOverAllWhenHealthy() {
        assertEquals(List.of(a, b, c, a, b, c), pick(6, 0));
        assertEquals("http://127.0.0.1:1", a.baseUrl(), "a trailing slash is dropped");
    }

    @Test
    void anUnreachableInstanceIsLeftOutUntilItsEjectionEnds() {
        b.unreachable(0);
        assertEquals(List.of(a, c, c, a), pick(4, 1));
        assertEquals(List.of(a, b, c), pick(3, EJECTION + 1).stream().sorted((x, y) -> x.baseUrl().compareTo(y.baseUrl())).toList());
    }

    @Test
    void serverErrorsEjectOnlyWhenConsecutive() {
        c.answeredWithServerError(0);
        c.answeredWithServerError(0);
        c.answered();
        c.answeredWithServerError(0);
        assertEquals(true, c.isAvailable(1), "an answer in between resets the count");
        c.answeredWithServerError(0);
        c.answeredWithServerError(0);
        assertEquals(false, c.isAvailable(1));
    }

    @Test
    void aFailedCheckRemovesAnInstanceAndAPassingOneBringsItBack() {
        a.checked(false, 0);
        b.checked(false, 0);
        assertEquals(List.of(c, c, c), pick(3, 0));
        b.unreachable(0);
        b.checked(true, 1);
        assertEquals(true, b.isAvailable(2), "recovering from a failed check ends the ejection too");
    }

    @Test
    void triedInstancesAreSkippedAndNoneLeftIsNull() {
        Set<UpstreamInstance> tried = new HashSet<>(Set.of(a, b));
        assertSame(c, pool.next(tried, 0));
        tried.add(c);
        assertNull(pool.next(tried, 0));
        a.checked(false, 0);
        b.checked(false, 0);
        c.unreachable(0);
        assertNull(pool.next(Set.of(a, b), 1), "the untried one is ejected, the others were tried");
        a.unreachable(0);
        b.unreachable(0);
        assertNull(pool.next(Set.of(), 1), "every instance found dead by requests: the forwarder answers 503 at once");
    }

    @Test
    void whenEveryCheckFailedAnInstanceNotFoundDeadIsStillTried() {
        a.checked(false, 0);
        b.checked(false, 0);
        c.checked(false, 0);
        UpstreamInstance first = pool.next(Set.of(), 0);
        org.junit.jupiter.api.Assertions.assertNotNull(first, "a check lagging a restart does not refuse everyone");
        first.unreachable(0);
        UpstreamInstance second = pool.next(Set.of(first), 0);
        org.junit.jupiter.api.Assertions.assertNotSame(first, second);
        c.checked(true, 1);
        assertEquals(List.of(c, c, c), pick(3, 2), "once one passes its check, only it is used");
    }
}
