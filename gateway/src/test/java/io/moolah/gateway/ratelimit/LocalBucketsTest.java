package io.moolah.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalBucketsTest {
    private static final long SECOND = 1_000_000_000L;
    private final LocalBuckets buckets = new LocalBuckets();
    private final Bucket customer = new Bucket("customer-read", "read:c1", 2, 4);
    private final Bucket address = new Bucket("address", "address:1.2.3.4", 100, 200);

    @Test
    void aFullBucketAllowsItsBurstThenRefusesWithTheWaitForOneToken() {
        for (int remaining = 3; remaining >= 0; remaining--) {
            Verdict verdict = buckets.take(List.of(customer), 0);
            assertTrue(verdict.allowed());
            assertEquals(remaining, verdict.remaining());
        }
        Verdict refused = buckets.take(List.of(customer), 0);
        assertFalse(refused.allowed());
        assertEquals(500, refused.waitMillis(), "2 tokens a second: one more in 500 ms");
        assertTrue(buckets.take(List.of(customer), SECOND / 2).allowed(), "refilled by then");
    }

    @Test
    void aRequestTakesFromAllItsBucketsOrFromNone() {
        for (int i = 0; i < 4; i++) {
            buckets.take(List.of(address, customer), 0);
        }
        Verdict refused = buckets.take(List.of(address, customer), 0);
        assertFalse(refused.allowed());
        assertEquals("customer-read", refused.binding().policy(), "the customer's bucket refused");
        Verdict addressOnly = buckets.take(List.of(address), 0);
        assertEquals(195, addressOnly.remaining(), "the refused request took nothing from the address bucket");
    }

    @Test
    void theBindingBucketOfAnAllowedRequestIsTheEmptiest() {
        Verdict verdict = buckets.take(List.of(address, customer), 0);
        assertTrue(verdict.allowed());
        assertEquals("customer-read", verdict.binding().policy());
        assertEquals(3, verdict.remaining());
    }

    @Test
    void refillNeverExceedsTheBurst() {
        buckets.take(List.of(customer), 0);
        Verdict later = buckets.take(List.of(customer), 3600 * SECOND);
        assertEquals(3, later.remaining(), "full (4) minus this request");
    }

    @Test
    void aBucketNeedsAPositiveRate() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new Bucket("x", "k", 0, 1));
        assertEquals(30, new Bucket("x", "k", 0.1, 3).windowSeconds());
    }
}
