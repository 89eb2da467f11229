package io.moolah.transaction.service;

import io.moolah.events.transaction.TransactionEventTypes;
import io.moolah.platform.phone.PhoneNumbers;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import io.moolah.transaction.event.TransactionEvents;
import io.moolah.transaction.model.LedgerAccount;
import io.moolah.transaction.model.WalletView;
import io.moolah.transaction.repository.LedgerRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Customer-to-customer transfers: every rule checked from the ledger's own data, in one transaction. */
@ApplicationScoped
public class TransferService {

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
    io.moolah.transaction.config.LedgerSettings settings;

    public record Request(String fromWalletId, String toWalletId, String toPhoneNumber, Long amount, String currency,
                          String reference) {
    }

    /** API.md's answer, plus the sender's wallet version for read-your-writes. */
    public record Result(UUID transactionId, String status, long amount, String currency, UUID fromWalletId,
                         UUID toWalletId, Instant createdAt, long version) {
    }

    @Transactional
    public Idempotency.Outcome transfer(Caller caller, String idempotencyKey, Request request) {
        if (request == null) {
            throw ProblemException.badRequest("VALIDATION_FAILED", "A JSON body is required.");
        }
        UUID from = Amounts.walletId("fromWalletId", request.fromWalletId());
        boolean byId = request.toWalletId() != null;
        if (byId == (request.toPhoneNumber() != null)) {
            throw ProblemException.invalidField("toWalletId", "give exactly one of toWalletId and toPhoneNumber");
        }
        UUID toId = byId ? Amounts.walletId("toWalletId", request.toWalletId()) : null;
        String toPhone = byId ? null : PhoneNumbers.normalise(request.toPhoneNumber(), "toPhoneNumber");
        long amount = amounts.positive(request.amount());
        String currency = amounts.currency(request.currency());
        String reference = Amounts.text("reference", request.reference(), false);
        String fingerprint = String.join("|", from.toString(), String.valueOf(toId), String.valueOf(toPhone),
                String.valueOf(amount), currency, String.valueOf(reference));
        return idempotency.once("transfer:" + caller.customerId(), idempotencyKey, fingerprint, 201,
                () -> move(caller, from, toId, toPhone, amount, currency, reference));
    }

    private Result move(Caller caller, UUID from, UUID toId, String toPhone, long amount, String currency, String reference) {
        // Both wallets found and their accounts locked in one statement: the sender's by id, the recipient's by id or
        // by phone number.
        LedgerRepository.Parties parties = toId != null ? ledger.lockParties(from, toId)
                : ledger.lockPartiesByPhone(from, toPhone, currency);
        WalletView source = parties.source().filter(wallet -> wallet.customerId().equals(caller.customerId()))
                .orElseThrow(() -> ProblemException.notFound("WALLET_NOT_FOUND", "No such wallet."));
        WalletView target = parties.target()
                .orElseThrow(() -> ProblemException.notFound("RECIPIENT_NOT_FOUND", "No wallet to send to was found."));
        if (source.walletId().equals(target.walletId())) {
            throw ProblemException.unprocessable("SELF_TRANSFER", "A wallet cannot send money to itself.");
        }
        if (!source.currency().equals(currency) || !target.currency().equals(currency)) {
            throw ProblemException.unprocessable("CURRENCY_MISMATCH", "Both wallets must hold " + currency + ".");
        }
        if (!source.isActive()) {
            throw ProblemException.unprocessable("WALLET_NOT_ACTIVE", "The wallet is " + source.status().name().toLowerCase() + ": it cannot send.");
        }
        if (!target.isActive()) {
            throw ProblemException.unprocessable("RECIPIENT_WALLET_NOT_ACTIVE", "The recipient's wallet cannot receive money now.");
        }
        LedgerService.Posted posted = postings.post(LedgerService.Entry.transfer(currency, source.accountId(), target.accountId(),
                amount, reference, caller.customerId()), parties.locked(), locked -> {
            SendLimits.check(source, locked.get(source.accountId()), amount, LocalDate.now(settings.limitsZone()));
            if (locked.get(target.accountId()).balance() + amount > target.maxBalance()) {
                throw ProblemException.unprocessable("RECIPIENT_BALANCE_LIMIT", "The recipient's wallet cannot hold that much.");
            }
        });
        LedgerAccount sent = posted.account(source.accountId());
        events.walletsChanged(List.of(
                new TransactionEvents.Change(TransactionEventTypes.TRANSFER_POSTED, posted.entryId(), "TRANSFER", sent, -amount,
                        target.walletId().toString(), reference, null, posted.at()),
                new TransactionEvents.Change(TransactionEventTypes.TRANSFER_POSTED, posted.entryId(), "TRANSFER",
                        posted.account(target.accountId()), amount, source.walletId().toString(), reference, null, posted.at())));
        return new Result(posted.entryId(), "POSTED", amount, currency, source.walletId(), target.walletId(), posted.at(),
                sent.version());
    }
}
