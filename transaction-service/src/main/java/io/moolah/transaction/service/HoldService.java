package io.moolah.transaction.service;

import io.moolah.transaction.model.HoldStatus;
import io.moolah.events.transaction.TransactionEventTypes;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import io.moolah.platform.web.TimeParameters;
import io.moolah.transaction.config.LedgerSettings;
import io.moolah.transaction.event.TransactionEvents;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletView;
import io.moolah.transaction.repository.LedgerRepository;
import io.moolah.transaction.repository.HoldRepository;
import io.moolah.transaction.repository.HoldRepository.Hold;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Holds: money set aside on a wallet (available balance goes down, ledger balance does not) until it is captured
 * (all or part; the rest is released), voided, or expires. Captured money goes to the payee account fixed when the
 * hold was placed: the Zapper clearing account, as holds serve QR payments. A customer places, captures and voids
 * holds on their own wallets; holds for provider payments are {@link PaymentHolds}'.
 */
@ApplicationScoped
public class HoldService {
    static final String PAYEE = "clearing:ZAPPER:";

    @Inject
    LedgerRepository ledger;

    @Inject
    LedgerService postings;

    @Inject
    Idempotency idempotency;

    @Inject
    Amounts amounts;

    @Inject
    TransactionEvents events;

    @Inject
    LedgerSettings settings;

    @Inject
    HoldRepository holds;

    @Schema(name = "HoldRequest", requiredProperties = {"walletId", "amount", "currency", "expiresAt"})
    public record PlaceRequest(@Schema(format = "uuid", description = "One of the caller's wallets.") String walletId,
                               @Schema(description = "Minor units (cents), positive.", minimum = "1") Long amount,
                               @Schema(description = "ISO-4217, such as ZAR.", pattern = "^[A-Z]{3}$") String currency,
                               @Schema(description = "Optional free text, at most 140 characters; not starting qr: or refund:.",
                                       maxLength = 140) String reference,
                               @Schema(format = "date-time", description = "ISO-8601 with an offset, in the future, "
                                       + "within the configured maximum hold duration.") String expiresAt) {
    }

    @Schema(name = "HoldCaptureRequest")
    public record CaptureRequest(@Schema(description = "Minor units (cents) to capture, at most the held amount; "
            + "the whole hold when not given.", minimum = "1") Long amount) {
    }

    @Schema(name = "Hold", requiredProperties = {"holdId", "status", "walletId", "amount", "currency", "expiresAt", "version"})
    public record HoldView(UUID holdId, HoldStatus status, UUID walletId,
                           @Schema(description = "The held amount, minor units (cents).") long amount,
                           @Schema(description = "What was captured (CAPTURED only).") Long capturedAmount, String currency,
                           String reference, Instant expiresAt,
                           @Schema(description = "The capture's transaction (CAPTURED only).") UUID transactionId,
                           @Schema(description = "The wallet's version after the change (for Min-Version).") long version) {
    }

    /**
     * A customer's own hold on a wallet they own. Payment references ({@code qr:}, {@code refund:}) are the payment
     * service's ({@link PaymentHolds}), and operators move money only by adjustments and reversals, never by holds.
     */
    @Transactional
    public Idempotency.Outcome place(Caller caller, String key, PlaceRequest request) {
        refuseOperator(caller);
        if (request == null) {
            throw ProblemException.badRequest("VALIDATION_FAILED", "A JSON body is required.");
        }
        UUID walletId = Amounts.walletId("walletId", request.walletId());
        long amount = amounts.positive(request.amount());
        String currency = amounts.currency(request.currency());
        String reference = Amounts.text("reference", request.reference(), false);
        if (PaymentReferences.isReserved(reference)) {
            throw ProblemException.badRequest("RESERVED_REFERENCE",
                    "References starting with qr: or refund: belong to payments; choose another reference.");
        }
        Instant expiresAt = expiry(request.expiresAt());
        String fingerprint = String.join("|", walletId.toString(), String.valueOf(amount), currency,
                String.valueOf(reference), expiresAt.toString());
        return idempotency.once("hold:" + caller.customerId(), key, fingerprint, 201,
                () -> placeOn(owned(caller, walletId), amount, currency, reference, expiresAt, false));
    }

    /**
     * Places the hold after the wallet's checks (currency, status, available balance, send limits), under the
     * wallet's lock. A payment reference names at most one hold: a second one is 409 {@code HOLD_REFERENCE_TAKEN}.
     */
    HoldView placeOn(WalletView wallet, long amount, String currency, String reference, Instant expiresAt, boolean paymentBound) {
        if (!wallet.currency().equals(currency)) {
            throw ProblemException.unprocessable("CURRENCY_MISMATCH", "The wallet holds " + wallet.currency() + ".");
        }
        if (!wallet.isActive()) {
            throw ProblemException.unprocessable("WALLET_NOT_ACTIVE", "The wallet cannot pay now.");
        }
        long payee = ledger.systemAccount(PAYEE + currency);
        LedgerAccount account = postings.lockAll(wallet.accountId()).get(wallet.accountId());
        if (account.available() < amount) {
            throw ProblemException.unprocessable("INSUFFICIENT_FUNDS", "The wallet's available balance is too low.");
        }
        SendLimits.check(wallet, account, amount, LocalDate.now(settings.limitsZone()));
        LedgerAccount after = postings.changeHeld(account, amount);
        UUID holdId = UUID.randomUUID();
        if (!holds.insertOpen(holdId, wallet.walletId(), account.id(), payee, amount, currency, reference, expiresAt, paymentBound)) {
            // A payment reference already names another hold (V4's unique index); the held amount rolls back.
            throw ProblemException.conflict("HOLD_REFERENCE_TAKEN", "Another hold already carries this payment reference.");
        }
        events.walletChanged(TransactionEventTypes.HOLD_PLACED, null, "HOLD", after, 0, "zapper", reference, holdId, Instant.now());
        return new HoldView(holdId, HoldStatus.OPEN, wallet.walletId(), amount, null, currency, reference, expiresAt, null, after.version());
    }

    @Transactional
    public Idempotency.Outcome capture(Caller caller, String key, String holdIdText, CaptureRequest request) {
        refuseOperator(caller);
        UUID holdId = holdId(holdIdText);
        Long requested = request == null ? null : request.amount();
        if (requested != null) {
            amounts.positive(requested);
        }
        return idempotency.once("hold-capture:" + caller.customerId(), key, holdId + "|" + requested, 200, () -> {
            Hold hold = lockHold(caller, holdId);
            requireOpen(hold);
            // A frozen or closed wallet sends nothing, a capture included. (A payment the provider already made is
            // captured whatever the status: PaymentHolds.capture.)
            if (!ledger.wallet(hold.walletId()).map(WalletView::isActive).orElse(false)) {
                throw ProblemException.unprocessable("WALLET_NOT_ACTIVE", "The wallet cannot pay now.");
            }
            long amount = requested == null ? hold.amount() : requested;
            if (amount > hold.amount()) {
                throw ProblemException.invalidField("amount", "must be at most the held amount, " + hold.amount());
            }
            LedgerService.Posted posted = captureInto(hold, amount, hold.payeeAccountId(), caller.customerId(), "zapper");
            LedgerAccount after = posted.account(hold.accountId());
            return new HoldView(holdId, HoldStatus.CAPTURED, hold.walletId(), hold.amount(), amount, hold.currency(), hold.reference(),
                    hold.expiresAt(), posted.entryId(), after.version());
        });
    }

    /** Voids an open hold; voiding a voided hold answers the same again. */
    @Transactional
    public HoldView voidHold(Caller caller, String holdIdText) {
        refuseOperator(caller);
        UUID holdId = holdId(holdIdText);
        Hold hold = lockHold(caller, holdId);
        if (hold.status() == HoldStatus.VOIDED) {
            LedgerAccount account = ledger.account(hold.accountId()).orElseThrow();
            return view(hold, HoldStatus.VOIDED, account.version());
        }
        if (hold.status() != HoldStatus.OPEN) {
            throw ProblemException.conflict("HOLD_NOT_OPEN", "The hold is " + hold.status().name().toLowerCase() + ".");
        }
        LedgerAccount after = release(hold, HoldStatus.VOIDED);
        events.walletChanged(TransactionEventTypes.HOLD_VOIDED, null, "HOLD", after, 0, "zapper", hold.reference(), holdId, Instant.now());
        return view(hold, HoldStatus.VOIDED, after.version());
    }

    /**
     * Captures {@code amount} of a locked open hold into {@code payeeAccountId} and releases the rest: the entry, the
     * hold's new state and the wallet's event. Customers' captures and payments' share it.
     */
    LedgerService.Posted captureInto(Hold hold, long amount, long payeeAccountId, UUID initiatedBy, String counterparty) {
        LedgerService.Posted posted = postings.post(LedgerService.Entry.holdCapture(hold.currency(), hold.accountId(),
                payeeAccountId, amount, hold.amount(), hold.reference(), "hold:" + hold.id(), initiatedBy), LedgerService.Rules.NONE);
        holds.markCaptured(hold.id(), amount, posted.entryId());
        events.walletChanged(TransactionEventTypes.HOLD_CAPTURED, posted.entryId(), "HOLD_CAPTURE", posted.account(hold.accountId()),
                -amount, counterparty, hold.reference(), hold.id(), posted.at());
        return posted;
    }

    /** The newest hold placed with {@code reference}, locked for this transaction. */
    Optional<Hold> lockLatestByReference(String reference) {
        return holds.lockLatestByReference(reference);
    }

    /** Releases up to {@code batch} holds past their expiry; run by {@link HoldExpiry}. */
    @Transactional
    public int expireDue(int batch) {
        List<UUID> due = holds.lockDueForExpiry(batch);
        List<Hold> expiring = due.stream().map(id -> holds.find(id).orElseThrow()).toList();
        // All the batch's wallets, locked at once in ascending order like every other posting: locking them hold by
        // hold would deadlock against a transfer that locks the same two wallets the other way round.
        postings.lockAll(expiring.stream().mapToLong(Hold::accountId).toArray());
        for (Hold hold : expiring) {
            UUID id = hold.id();
            LedgerAccount after = release(hold, HoldStatus.EXPIRED);
            events.walletChanged(TransactionEventTypes.HOLD_EXPIRED, null, "HOLD", after, 0, "zapper", hold.reference(), id, Instant.now());
        }
        return due.size();
    }

    LedgerAccount release(Hold hold, HoldStatus status) {
        LedgerAccount account = postings.lockAll(hold.accountId()).get(hold.accountId());
        LedgerAccount after = postings.changeHeld(account, -hold.amount());
        holds.markReleased(hold.id(), status);
        return after;
    }

    private void requireOpen(Hold hold) {
        if (hold.status() == HoldStatus.EXPIRED || (hold.status() == HoldStatus.OPEN && !hold.expiresAt().isAfter(Instant.now()))) {
            throw ProblemException.conflict("HOLD_EXPIRED", "The hold expired at " + hold.expiresAt() + "; nothing was captured.");
        }
        if (hold.status() != HoldStatus.OPEN) {
            throw ProblemException.conflict("HOLD_NOT_OPEN", "The hold is " + hold.status().name().toLowerCase() + ".");
        }
    }

    private Hold lockHold(Caller caller, UUID holdId) {
        Hold hold = holds.lock(holdId)
                .orElseThrow(() -> ProblemException.notFound("HOLD_NOT_FOUND", "No such hold."));
        // Someone else's hold is as unknown to the caller as a hold that does not exist.
        ledger.wallet(hold.walletId()).filter(wallet -> wallet.customerId().equals(caller.customerId()))
                .orElseThrow(() -> ProblemException.notFound("HOLD_NOT_FOUND", "No such hold."));
        if (hold.paymentBound()) {
            // Settled only by the payment's outcome: a customer who voided it after the provider paid would keep the money.
            throw ProblemException.conflict("HOLD_BELONGS_TO_PAYMENT",
                    "This hold settles with its payment (" + hold.reference() + "); it cannot be captured or voided by hand.");
        }
        return hold;
    }

    private static void refuseOperator(Caller caller) {
        if (caller.isOperator()) {
            throw new ProblemException(403, "OPERATOR_CANNOT_HOLD", "Forbidden",
                    "Operators move money only by adjustments and reversals; holds belong to the wallet's owner.");
        }
    }

    private WalletView owned(Caller caller, UUID walletId) {
        return ledger.wallet(walletId).filter(wallet -> wallet.customerId().equals(caller.customerId()))
                .orElseThrow(() -> ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet."));
    }

    Instant expiry(String text) {
        if (text == null) {
            throw ProblemException.invalidField("expiresAt", "is required (ISO-8601, in the future)");
        }
        Instant at = TimeParameters.instant("expiresAt", text);
        Instant now = Instant.now();
        if (!at.isAfter(now)) {
            throw ProblemException.invalidField("expiresAt", "must be in the future");
        }
        if (at.isAfter(now.plus(settings.maxHoldDuration()))) {
            throw ProblemException.invalidField("expiresAt", "must be within " + settings.maxHoldDuration().toDays() + " days");
        }
        return at;
    }

    private static UUID holdId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.notFound("HOLD_NOT_FOUND", "No such hold.");
        }
    }

    private static HoldView view(Hold hold, HoldStatus status, long version) {
        return new HoldView(hold.id(), status, hold.walletId(), hold.amount(), hold.captured(), hold.currency(),
                hold.reference(), hold.expiresAt(), hold.entryId(), version);
    }
}
