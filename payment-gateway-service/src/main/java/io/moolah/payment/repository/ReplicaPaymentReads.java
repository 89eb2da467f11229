package io.moolah.payment.repository;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.moolah.platform.db.ReplicaSettings;
import io.moolah.payment.model.Payment;
import io.moolah.platform.db.ReplicaReads;
import io.moolah.platform.web.PageCursor;
import io.quarkus.agroal.DataSource;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A customer's payments as their status reads show them (GET /payments/{id}, GET /payments), read from the read replica
 * ({@code quarkus.datasource.read}) while its lag is within {@code moolah.replica.max-lag}, else from the primary
 * ({@link ReplicaReads}): a provider's status change shows within that bound. A payment the replica does not have yet
 * (just created by the client), and an empty page, are asked of the primary, so a client always finds what it created.
 * So is a QR payment the replica has PENDING: the request that made it settles it (201 SUCCEEDED or FAILED) after its
 * PENDING row was committed, so the replica may be behind the client's own answer; a top-up's later moves come from
 * Peach, not from the client, and may lag by the bound. Operators' reads and everything inside a write stay on the
 * primary ({@link PaymentRepository}).
 *
 * <p>The payments returned carry only the columns a status read shows, and their owner: never write them back.
 */
@ApplicationScoped
public class ReplicaPaymentReads {
    private static final String COLUMNS = "id, type, status, wallet_id, customer_id, amount, currency, provider, "
            + "provider_reference, created_at, updated_at";

    @Inject
    AgroalDataSource primary;

    @Inject
    @DataSource("read")
    AgroalDataSource replica;

    @Inject
    ReplicaSettings settings;

    @Inject
    MeterRegistry registry;

    private ReplicaReads reads;

    @PostConstruct
    void open() {
        reads = new ReplicaReads(primary, replica, settings.maxLag(), settings.recheck(), registry, "payment");
    }

    public Optional<Payment> payment(UUID paymentId) {
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select " + COLUMNS + " from payment where id = ?")) {
                statement.setObject(1, paymentId);
                List<Payment> found = payments(statement);
                return found.stream().findFirst();
            }
        }, ReplicaPaymentReads::replicaMayAnswer);
    }

    /**
     * At most {@code limit} of a customer's payments created in [{@code from}, {@code to}), newest first, after
     * {@code after} (null: from the newest), of one status when given. An empty page from the replica is asked again of
     * the primary.
     */
    public List<Payment> ownNewestFirst(UUID customerId, Payment.Status status, Instant from, Instant to,
                                        PageCursor.Position after, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from payment")
                .append(" where customer_id = ? and created_at >= ? and created_at < ?");
        // Arrays.asList: a caller without a customer id (null) matches nothing rather than failing.
        List<Object> parameters = new ArrayList<>(Arrays.asList(customerId, timestamp(from), timestamp(to)));
        if (status != null) {
            sql.append(" and status = ?");
            parameters.add(status.name());
        }
        if (after != null) {
            sql.append(" and (created_at < ? or (created_at = ? and id < ?))");
            parameters.addAll(List.of(timestamp(after.createdAt()), timestamp(after.createdAt()), after.id()));
        }
        sql.append(" order by created_at desc, id desc limit ?");
        parameters.add(limit);
        return read(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1, parameters.get(i));
                }
                List<Payment> page = payments(statement);
                return page.isEmpty() ? Optional.empty() : Optional.of(page);
            }
        }, page -> page.stream().allMatch(ReplicaPaymentReads::replicaMayAnswer)).orElse(List.of());
    }

    /** Anything but a PENDING QR payment, which the request that made it may already have settled in its answer. */
    private static boolean replicaMayAnswer(Payment payment) {
        return payment.type != Payment.Type.QR_PAYMENT || payment.status != Payment.Status.PENDING;
    }

    private <T> Optional<T> read(ReplicaReads.Query<T> query, Predicate<T> recentEnough) {
        try {
            return reads.read(query, recentEnough).value();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read payments: " + e.getMessage(), e);
        }
    }

    private static List<Payment> payments(PreparedStatement statement) throws SQLException {
        List<Payment> found = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.add(payment(rows));
            }
        }
        return found;
    }

    private static Payment payment(ResultSet row) throws SQLException {
        Payment payment = new Payment();
        payment.id = row.getObject("id", UUID.class);
        payment.type = Payment.Type.valueOf(row.getString("type"));
        payment.status = Payment.Status.valueOf(row.getString("status"));
        payment.walletId = row.getObject("wallet_id", UUID.class);
        payment.customerId = row.getObject("customer_id", UUID.class);
        payment.amount = row.getLong("amount");
        payment.currency = row.getString("currency");
        payment.provider = row.getString("provider");
        payment.providerReference = row.getString("provider_reference");
        payment.createdAt = row.getObject("created_at", OffsetDateTime.class).toInstant();
        payment.updatedAt = row.getObject("updated_at", OffsetDateTime.class).toInstant();
        return payment;
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
