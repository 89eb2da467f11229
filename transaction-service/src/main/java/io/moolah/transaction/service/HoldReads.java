package io.moolah.transaction.service;

import io.moolah.transaction.model.HoldStatus;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.PageCursor;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.repository.HoldListings;
import io.moolah.transaction.repository.HoldListings.Item;
import io.moolah.transaction.repository.LedgerRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code GET /holds}: the caller's own holds, newest first, narrowed by status and wallet, in pages with an opaque
 * cursor (API.md). A customer sees the holds on their own wallets; a wallet that is not theirs is 404, as everywhere.
 * Operators hold no money, so they name the wallet whose holds they read.
 */
@ApplicationScoped
public class HoldReads {
    /** Which listing a cursor belongs to (history's own cursor starts with 1). */
    private static final byte CURSOR_LISTING = 2;

    @Inject
    HoldListings listings;

    @Inject
    LedgerRepository ledger;

    @Schema(name = "HoldPage", requiredProperties = "items")
    public record Page(List<Item> items,
                       @Schema(description = "Where the next page starts (pass it as cursor); null on the last page.") String nextCursor) {
    }

    public Page list(Caller caller, String status, String walletIdText, int limit, String cursor) {
        if (status != null && HoldStatus.named(status).isEmpty()) {
            throw ProblemException.invalidField("status", "must be one of OPEN, CAPTURED, VOIDED, EXPIRED");
        }
        UUID walletId = walletIdText == null ? null : walletId(walletIdText);
        if (walletId != null && ledger.walletVisibleTo(caller, walletId).isEmpty()) {
            throw ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet.");
        }
        if (caller.isOperator() && walletId == null) {
            throw ProblemException.invalidField("walletId", "is required for operators: name the wallet whose holds to list");
        }
        PageCursor.Position after = cursor == null ? null : decode(cursor);
        List<Item> items = listings.newestFirst(caller.isOperator() ? null : caller.customerId(), walletId, status, after, limit + 1);
        String next = null;
        if (items.size() > limit) {
            items = items.subList(0, limit);
            Item last = items.get(limit - 1);
            next = encode(new PageCursor.Position(last.createdAt(), last.holdId()));
        }
        return new Page(List.copyOf(items), next);
    }

    private static UUID walletId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("walletId", "is not a wallet id");
        }
    }

    static String encode(PageCursor.Position position) {
        return PageCursor.encode(CURSOR_LISTING, position);
    }

    static PageCursor.Position decode(String cursor) {
        return PageCursor.decode(CURSOR_LISTING, cursor);
    }
}
