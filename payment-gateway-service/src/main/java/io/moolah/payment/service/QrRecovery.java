package io.moolah.payment.service;

import io.moolah.payment.config.PaymentSettings;
import io.moolah.payment.model.Payment;
import io.moolah.payment.repository.PaymentRepository;
import io.moolah.payment.zapper.ZapperClient;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Finishes QR payments left PENDING: an unknown outcome (a timeout) at once, a step that has not moved for
 * {@code qr-stuck-after} (a crash) after that. A payment whose hold is not known to exist fails (the ledger voids any
 * hold it finds). A payment that reached Zapper is settled by what Zapper's status says, asked by our reference:
 * success captures, failed or never recorded voids, processing waits for the next round. Zapper is never asked to pay
 * again here, so the merchant is paid at most once.
 */
@ApplicationScoped
public class QrRecovery {
    private static final Logger LOG = Logger.getLogger(QrRecovery.class);

    @Inject
    PaymentRepository payments;

    @Inject
    QrPaymentService qrPayments;

    @Inject
    ZapperClient zapper;

    @Inject
    PaymentSettings settings;

    @Scheduled(every = "${moolah.payment.qr-recovery-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recover() {
        for (UUID paymentId : due()) {
            try {
                resolve(paymentId);
            } catch (ZapperClient.Unknown e) {
                LOG.infof("QR payment %s still unresolved: %s", paymentId, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warnf("QR payment %s: recovery failed this round: %s", paymentId, e.toString());
            }
        }
    }

    List<UUID> due() {
        Instant stuck = Instant.now().minus(settings.qrStuckAfter());
        return payments.find("type = ?1 and status = ?2 and (step in ?3 or updatedAt < ?4) order by updatedAt",
                        Payment.Type.QR_PAYMENT, Payment.Status.PENDING,
                        List.of(QrPaymentService.Step.HOLD_UNKNOWN.name(), QrPaymentService.Step.PAY_UNKNOWN.name()), stuck)
                .page(0, 20).list().stream().map(payment -> payment.id).toList();
    }

    private void resolve(UUID paymentId) {
        Payment payment = payments.findById(paymentId);
        String step = payment.step;
        if (QrPaymentService.Step.CREATED.name().equals(step) || QrPaymentService.Step.HOLD_UNKNOWN.name().equals(step)) {
            qrPayments.settleFailed(paymentId, "HOLD_UNKNOWN", "the hold could not be confirmed; the merchant was not paid");
            return;
        }
        ZapperClient.Payment atZapper = zapper.status(paymentId);
        if (atZapper == null) {
            qrPayments.settleFailed(paymentId, "NOT_AT_ZAPPER", "Zapper never recorded the payment");
        } else {
            qrPayments.settle(paymentId, atZapper);
        }
    }
}
