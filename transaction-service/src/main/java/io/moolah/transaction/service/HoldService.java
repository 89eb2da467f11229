package io.moolah.transaction.service;

import io.moolah.events.transaction.TransactionEventTypes;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import io.moolah.platform.web.TimeParameters;
import io.moolah.transaction.config.LedgerSettings;
import io.moolah.transaction.event.TransactionEvents;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletView;
import io.moolah.transaction.repository.LedgerRepository;
import io.moolah.transaction.repository.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
    Sql sql;

    public record PlaceRequest(String walletId, Long amount, String currency, String reference, String expiresAt) {
    }

    public record CaptureRequest(Long amount) {
    }

    public record HoldView(UUID holdId, String status, UUID walletId, long amount, Long capturedAmount, String currency,
                           String reference, Instant expiresAt, UUID transactionId, long version) {
    }

    record HoldRow(UUID id, UUID walletId, long accountId, long payeeAccountId, long amount, Long captured,
                   String currency, String status, String reference, Instant expiresAt, UUID entryId, boolean paymentBound) {
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
        LocalDate today = LocalDate.now(settings.limitsZone());
        // Open holds are money on its way out: they count toward the limits, or holds and their captures
        // (a QR payment is one) could send past them.
        if (account.sentOn(today) + account.held() + amount > wallet.dailySendLimit()) {
            throw ProblemException.unprocessable("DAILY_LIMIT_EXCEEDED", "This would pass the wallet's daily send limit"
                    + " (sent today: " + account.sentOn(today) + ", on hold: " + account.held() + ").");
        }
        if (account.sentInMonthOf(today) + account.held() + amount > wallet.monthlySendLimit()) {
            throw ProblemException.unprocessable("MONTHLY_LIMIT_EXCEEDED", "This would pass the wallet's monthly send limit"
                    + " (sent this month: " + account.sentInMonthOf(today) + ", on hold: " + account.held() + ").");
        }
        LedgerAccount after = postings.changeHeld(account, amount);
        UUID holdId = UUID.randomUUID();
        int inserted = sql.update("""
                        insert into hold (id, wallet_id, account_id, payee_account_id, amount, currency, status, reference,
                                          expires_at, payment_bound)
                        values (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)
                        on conflict (reference) where reference like 'qr:%' or reference like 'refund:%' do nothing""",
                holdId, wallet.walletId(), account.id(), payee, amount, currency, reference, expiresAt, paymentBound);
        if (inserted == 0) {
            // A payment reference already names another hold (V4's unique index); the held amount rolls back.
            throw ProblemException.conflict("HOLD_REFERENCE_TAKEN", "Another hold already carries this payment reference.");
        }
        events.walletChanged(TransactionEventTypes.HOLD_PLACED, null, "HOLD", after, 0, "zapper", reference, holdId, Instant.now());
        return new HoldView(holdId, "OPEN", wallet.walletId(), amount, null, currency, reference, expiresAt, null, after.version());
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
            HoldRow hold = lockHold(caller, holdId);
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
            return new HoldView(holdId, "CAPTURED", hold.walletId(), hold.amount(), amount, hold.currency(), hold.reference(),
                    hold.expiresAt(), posted.entryId(), after.version());
        });
    }

    /** Voids an open hold; voiding a voided hold answers the same again. */
    @Transactional
    public HoldView voidHold(Caller caller, String holdIdText) {
        refuseOperator(caller);
        UUID holdId = holdId(holdIdText);
        HoldRow hold = lockHold(caller, holdId);
        if (hold.status().equals("VOIDED")) {
            LedgerAccount account = ledger.account(hold.accountId()).orElseThrow();
            return view(hold, "VOIDED", account.version());
        }
        if (!hold.status().equals("OPEN")) {
            throw ProblemException.conflict("HOLD_NOT_OPEN", "The hold is " + hold.status().toLowerCase() + ".");
        }
        LedgerAccount after = release(hold, "VOIDED");
        events.walletChanged(TransactionEventTypes.HOLD_VOIDED, null, "HOLD", after, 0, "zapper", hold.reference(), holdId, Instant.now());
        return view(hold, "VOIDED", after.version());
    }

    /**
     * Captures {@code amount} of a locked open hold into {@code payeeAccountId} and releases the rest: the entry, the
     * hold's new state and the wallet's event. Customers' captures and payments' share it.
     */
    LedgerService.Posted captureInto(HoldRow hold, long amount, long payeeAccountId, UUID initiatedBy, String counterparty) {
        LedgerService.Posted posted = postings.post(new LedgerService.Entry("HOLD_CAPTURE", hold.currency(),
                List.of(new LedgerService.Leg(hold.accountId(), -amount), new LedgerService.Leg(payeeAccountId, amount)),
                hold.reference(), null, "hold:" + hold.id(), initiatedBy, hold.accountId(),
                new LedgerService.Release(hold.accountId(), hold.amount())), LedgerService.Rules.NONE);
        sql.update("update hold set status = 'CAPTURED', captured_amount = ?, capture_entry_id = ?, updated_at = now() where id = ?",
                amount, posted.entryId(), hold.id());
        events.walletChanged(TransactionEventTypes.HOLD_CAPTURED, posted.entryId(), "HOLD_CAPTURE", posted.account(hold.accountId()),
                -amount, counterparty, hold.reference(), hold.id(), posted.at());
        return posted;
    }

    /** The newest hold placed with {@code reference}, locked for this transaction. */
    Optional<HoldRow> lockLatestByReference(String reference) {
        return sql.one(HOLD_SELECT + " where reference = ? order by created_at desc limit 1 for no key update", HoldService::hold, reference);
    }

    /** Releases up to {@code batch} holds past their expiry; run by {@link HoldExpiry}. */
    @Transactional
    public int expireDue(int batch) {
        List<UUID> due = sql.list("select id from hold where status = 'OPEN' and not payment_bound and expires_at <= now() order by expires_at"
                + " limit ? for update skip locked", row -> row.getObject(1, UUID.class), batch);
        List<HoldRow> expiring = due.stream().map(id -> find(id).orElseThrow()).toList();
        // All the batch's wallets, locked at once in ascending order like every other posting: locking them hold by
        // hold would deadlock against a transfer that locks the same two wallets the other way round.
        postings.lockAll(expiring.stream().mapToLong(HoldRow::accountId).toArray());
        for (HoldRow hold : expiring) {
            UUID id = hold.id();
            LedgerAccount after = release(hold, "EXPIRED");
            events.walletChanged(TransactionEventTypes.HOLD_EXPIRED, null, "HOLD", after, 0, "zapper", hold.reference(), id, Instant.now());
        }
        return due.size();
    }

    LedgerAccount release(HoldRow hold, String status) {
        LedgerAccount account = postings.lockAll(hold.accountId()).get(hold.accountId());
        LedgerAccount after = postings.changeHeld(account, -hold.amount());
        sql.update("update hold set status = ?, updated_at = now() where id = ?", status, hold.id());
        return after;
    }

    private void requireOpen(HoldRow hold) {
        if (hold.status().equals("EXPIRED") || (hold.status().equals("OPEN") && !hold.expiresAt().isAfter(Instant.now()))) {
            throw ProblemException.conflict("HOLD_EXPIRED", "The hold expired at " + hold.expiresAt() + "; nothing was captured.");
        }
        if (!hold.status().equals("OPEN")) {
            throw ProblemException.conflict("HOLD_NOT_OPEN", "The hold is " + hold.status().toLowerCase() + ".");
        }
    }

    private HoldRow lockHold(Caller caller, UUID holdId) {
        HoldRow hold = sql.one(HOLD_SELECT + " where id = ? for no key update", HoldService::hold, holdId)
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

    private Optional<HoldRow> find(UUID holdId) {
        return sql.one(HOLD_SELECT + " where id = ?", HoldService::hold, holdId);
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

    private static HoldView view(HoldRow hold, String status, long version) {
        return new HoldView(hold.id(), status, hold.walletId(), hold.amount(), hold.captured(), hold.currency(),
                hold.reference(), hold.expiresAt(), hold.entryId(), version);
    }

    private static final String HOLD_SELECT = """
            select id, wallet_id, account_id, payee_account_id, amount, captured_amount, currency, status, reference,
                   expires_at, capture_entry_id, payment_bound from hold""";

    private static HoldRow hold(java.sql.ResultSet row) throws java.sql.SQLException {
        long captured = row.getLong(6);
        Long capturedOrNull = row.wasNull() ? null : captured;
        return new HoldRow(row.getObject(1, UUID.class), row.getObject(2, UUID.class), row.getLong(3), row.getLong(4),
                row.getLong(5), capturedOrNull, row.getString(7), row.getString(8), row.getString(9),
                row.getObject(10, OffsetDateTime.class).toInstant(), row.getObject(11, UUID.class), row.getBoolean(12));
    }
}
