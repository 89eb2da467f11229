package io.moolah.payment.reconciliation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.payment.ledger.LedgerClearing;
import io.moolah.payment.model.Payment;
import io.moolah.payment.model.ReconciliationRun;
import io.moolah.payment.peach.PeachClient;
import io.moolah.payment.provider.ProviderRecord;
import io.moolah.payment.repository.PaymentRepository;
import io.moolah.payment.repository.ReconciliationRunRepository;
import io.moolah.payment.zapper.ZapperClient;
import io.moolah.platform.security.Caller;
import io.moolah.platform.web.ProblemException;
import io.moolah.platform.web.TimeParameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Compares three accounts of one provider's UTC day: the provider's settlement report, our payments that succeeded,
 * and the ledger's clearing account. Every successful line of the report, and every payment found only in our books,
 * gets a line: MATCHED (all three, same amount), AMOUNT_MISMATCH (amounts differ), MISSING_IN_LEDGER (the provider
 * has it, our books do not), MISSING_AT_PROVIDER (our books have it, the provider does not), EXTRA_AT_PROVIDER (a
 * further charge at the provider for a payment that already has one: the customer paid more than once, our books
 * hold one), UNKNOWN_IN_LEDGER (an entry of the provider's clearing account in the ledger that names no payment of
 * ours). Of several charges for one payment, the one the payment was confirmed by is compared; the others are
 * extra. The run is stored as found.
 */
@ApplicationScoped
public class Reconciliations {

    @Inject
    PeachClient peach;

    @Inject
    ZapperClient zapper;

    @Inject
    LedgerClearing ledger;

    @Inject
    PaymentRepository payments;

    @Inject
    ReconciliationRunRepository runs;

    @Inject
    ObjectMapper json;

    @Schema(name = "ReconciliationRequest", description = "The provider and UTC day to reconcile.")
    public record Request(@Schema(required = true, enumeration = {"PEACH", "ZAPPER"}) String provider,
                          @Schema(required = true, format = "date",
                                  description = "A UTC day (2026-11-25), not in the future, from 2023 on.") String date) {
    }

    /** {@code ledgerTransactionId} and {@code ledgerReference}: the ledger's entry of an UNKNOWN_IN_LEDGER line. */
    @Schema(name = "ReconciliationLine", description = "One payment (or provider record, or ledger entry) and what each side says.")
    public record Line(@Schema(required = true, nullable = true, description = "Our payment, when one is known.") UUID paymentId,
                       @Schema(required = true, nullable = true,
                               description = "The reference the provider reports (ours: merchantTransactionId or payment id).")
                       String providerReference,
                       @Schema(required = true, nullable = true, description = "The provider's id of the charge.") String providerId,
                       @Schema(required = true, nullable = true, description = "Cents, as the provider reports.") Long providerAmount,
                       @Schema(required = true, nullable = true, description = "Cents, as our payment says (when it succeeded).")
                       Long paymentAmount,
                       @Schema(required = true, nullable = true, description = "Cents, as the ledger's clearing account moved.")
                       Long ledgerAmount,
                       @Schema(required = true, enumeration = {"MATCHED", "AMOUNT_MISMATCH", "MISSING_IN_LEDGER", "MISSING_AT_PROVIDER",
                               "EXTRA_AT_PROVIDER", "UNKNOWN_IN_LEDGER"}) String outcome,
                       @Schema(required = true, nullable = true, description = "UNKNOWN_IN_LEDGER lines: the ledger's transaction.")
                       String ledgerTransactionId,
                       @Schema(required = true, nullable = true, description = "UNKNOWN_IN_LEDGER lines: the ledger entry's reference.")
                       String ledgerReference) {
        public Line(UUID paymentId, String providerReference, String providerId, Long providerAmount, Long paymentAmount,
                    Long ledgerAmount, String outcome) {
            this(paymentId, providerReference, providerId, providerAmount, paymentAmount, ledgerAmount, outcome, null, null);
        }
    }

    @Schema(name = "ReconciliationRun", description = "A reconciliation run: its counts and its lines.")
    public record Run(@Schema(required = true) UUID runId,
                      @Schema(required = true, enumeration = {"PEACH", "ZAPPER"}) String provider,
                      @Schema(required = true, description = "The UTC day reconciled.") LocalDate date,
                      @Schema(required = true) int matched,
                      @Schema(required = true) int missingInLedger,
                      @Schema(required = true) int missingAtProvider,
                      @Schema(required = true) int amountMismatches,
                      @Schema(required = true) int extraAtProvider,
                      @Schema(required = true) int unknownInLedger,
                      @Schema(required = true) List<Line> lines,
                      @Schema(required = true) Instant ranAt) {
    }

    static final String EXTRA_AT_PROVIDER = "EXTRA_AT_PROVIDER";

    /**
     * An entry of the provider's clearing account in the ledger that names no payment of ours (no {@code payment:<id>}
     * or {@code qr:<id>} reference, or one naming no payment we have): money moved through the provider's account that
     * neither our payments nor, by its reference, the provider know of. Investigate the ledger entry.
     */
    static final String UNKNOWN_IN_LEDGER = "UNKNOWN_IN_LEDGER";

    public Run run(Caller operator, String authorization, Request request) {
        if (request == null || request.provider() == null || !List.of("PEACH", "ZAPPER").contains(request.provider())) {
            throw ProblemException.invalidField("provider", "must be PEACH or ZAPPER");
        }
        LocalDate day = TimeParameters.date("date", request.date());
        if (day.isAfter(LocalDate.now(ZoneOffset.UTC)) || day.isBefore(LocalDate.of(2023, 1, 1))) {
            throw ProblemException.invalidField("date", "must be a past or present day from 2023 on");
        }
        List<ProviderRecord> report;
        try {
            report = "PEACH".equals(request.provider()) ? peach.report(day) : zapper.report(day);
        } catch (PeachClient.ProviderUnavailable | ZapperClient.Unknown e) {
            throw new ProblemException(503, "PROVIDER_UNAVAILABLE", "Provider unavailable", "The provider's report cannot be fetched now.");
        }
        LedgerClearing.Entries booked = ledger.entries(authorization, request.provider(), day);
        List<Line> lines = compare(request.provider(), day, report, booked.byPayment());
        for (LedgerClearing.Unnamed entry : booked.unnamed()) {
            lines.add(new Line(null, null, null, null, null, entry.amount(), UNKNOWN_IN_LEDGER, entry.transactionId(),
                    entry.reference() != null ? entry.reference() : entry.externalRef()));
        }
        return store(operator, request.provider(), day, lines);
    }

    @Transactional
    public Run find(String runId) {
        ReconciliationRun run;
        try {
            run = runs.findById(UUID.fromString(runId));
        } catch (IllegalArgumentException e) {
            run = null;
        }
        if (run == null) {
            throw ProblemException.notFound("RECONCILIATION_NOT_FOUND", "No such reconciliation run.");
        }
        try {
            return new Run(run.id, run.provider, run.day, run.matched, run.missingInLedger, run.missingAtProvider,
                    run.amountMismatches, run.extraAtProvider, run.unknownInLedger, json.readValue(run.lines, new TypeReference<List<Line>>() { }), run.ranAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Transactional
    List<Line> compare(String provider, LocalDate day, List<ProviderRecord> report, Map<UUID, Long> booked) {
        List<Line> lines = new ArrayList<>();
        Map<String, Optional<Payment>> byReference = new HashMap<>();
        Map<UUID, List<ProviderRecord>> chargesByPayment = new LinkedHashMap<>();
        for (ProviderRecord record : report) {
            if (!record.succeeded()) {
                continue;
            }
            Optional<Payment> payment = byReference.computeIfAbsent(record.reference(), reference -> "PEACH".equals(provider)
                    ? payments.byMerchantTransactionId(reference) : parse(reference).map(payments::findById));
            if (payment.isPresent()) {
                chargesByPayment.computeIfAbsent(payment.get().id, id -> new ArrayList<>()).add(record);
            } else {
                lines.add(new Line(null, record.reference(), record.providerId(), record.amount(), null, null,
                        outcome(record.amount(), null, null)));
            }
        }
        Set<UUID> covered = new HashSet<>(chargesByPayment.keySet());
        chargesByPayment.forEach((id, charges) -> {
            Payment payment = payments.findById(id);
            Long ledgerAmount = booked.get(id);
            Long ours = settled(payment) ? payment.amount : null;
            ProviderRecord confirmed = charges.stream().filter(record -> Objects.equals(record.providerId(), payment.providerPaymentId))
                    .findFirst().orElse(charges.get(0));
            for (ProviderRecord record : charges) {
                lines.add(new Line(id, record.reference(), record.providerId(), record.amount(), ours, ledgerAmount,
                        record == confirmed ? outcome(record.amount(), ours, ledgerAmount) : EXTRA_AT_PROVIDER));
            }
        });
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Payment> settled = payments.find("provider = ?1 and status in ?2 and createdAt >= ?3 and createdAt < ?4",
                provider, List.of(Payment.Status.SUCCEEDED, Payment.Status.REFUNDED), from, from.plusSeconds(86_400)).list();
        for (Payment payment : settled) {
            if (covered.add(payment.id)) {
                lines.add(new Line(payment.id, reference(payment), payment.providerReference, null, payment.amount,
                        booked.get(payment.id), outcome(null, payment.amount, booked.get(payment.id))));
            }
        }
        booked.forEach((paymentId, amount) -> {
            if (covered.add(paymentId)) {
                Payment payment = payments.findById(paymentId);
                lines.add(payment == null
                        ? new Line(paymentId, null, null, null, null, amount, UNKNOWN_IN_LEDGER, null, null)
                        : new Line(paymentId, reference(payment), null, null, payment.amount, amount, outcome(null, null, amount)));
            }
        });
        return lines;
    }

    static String outcome(Long provider, Long ours, Long ledger) {
        if (provider == null) {
            return "MISSING_AT_PROVIDER";
        }
        if (ours == null || ledger == null) {
            return "MISSING_IN_LEDGER";
        }
        return provider.equals(ours) && provider.equals(ledger) ? "MATCHED" : "AMOUNT_MISMATCH";
    }

    @Transactional
    Run store(Caller operator, String provider, LocalDate day, List<Line> lines) {
        ReconciliationRun run = new ReconciliationRun();
        run.id = UUID.randomUUID();
        run.provider = provider;
        run.day = day;
        run.runBy = operator.customerId();
        run.ranAt = Instant.now();
        run.matched = count(lines, "MATCHED");
        run.missingInLedger = count(lines, "MISSING_IN_LEDGER");
        run.missingAtProvider = count(lines, "MISSING_AT_PROVIDER");
        run.amountMismatches = count(lines, "AMOUNT_MISMATCH");
        run.extraAtProvider = count(lines, EXTRA_AT_PROVIDER);
        run.unknownInLedger = count(lines, UNKNOWN_IN_LEDGER);
        try {
            run.lines = json.writeValueAsString(lines);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        runs.persist(run);
        return new Run(run.id, provider, day, run.matched, run.missingInLedger, run.missingAtProvider, run.amountMismatches,
                run.extraAtProvider, run.unknownInLedger, lines, run.ranAt);
    }

    private static int count(List<Line> lines, String outcome) {
        return (int) lines.stream().filter(line -> line.outcome().equals(outcome)).count();
    }

    private static boolean settled(Payment payment) {
        return payment.status == Payment.Status.SUCCEEDED || payment.status == Payment.Status.REFUNDED;
    }

    private static String reference(Payment payment) {
        return payment.merchantTransactionId != null ? payment.merchantTransactionId : payment.id.toString();
    }

    private static Optional<UUID> parse(String reference) {
        try {
            return Optional.of(UUID.fromString(reference));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
