package io.moolah.transaction.service;

import io.moolah.platform.web.ProblemException;
import io.moolah.platform.web.PageCursor.Position;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HoldReadsCursorTest {

    @Test
    void aCursorNamesExactlyThePositionItWasMadeFrom() {
        for (String at : new String[]{"2026-12-06T07:31:02.123456Z", "1970-01-01T00:00:00Z", "2099-12-31T23:59:59.999999Z"}) {
            Position position = new Position(Instant.parse(at), UUID.fromString("ffffffff-0000-4000-8000-000000000001"));
            assertEquals(position, HoldReads.decode(HoldReads.encode(position)));
        }
    }

    @Test
    void anythingElseIsRefused() {
        String history = WalletReads.encode(new WalletReads.Cursor(0, 42));
        for (String cursor : new String[]{"", "garbage!", history, "AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "A".repeat(10_000)}) {
            ProblemException refused = assertThrows(ProblemException.class, () -> HoldReads.decode(cursor), cursor);
            assertEquals(400, refused.status());
        }
    }
}
