package io.moolah.account.repository;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.moolah.platform.db.ReplicaSettings;
import io.moolah.account.model.Customer;
import io.moolah.account.model.Wallet;
import io.moolah.platform.db.ReplicaReads;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A customer's own profile rows (GET /me), read from the read replica ({@code quarkus.datasource.read}) while its lag
 * is within {@code moolah.replica.max-lag}, else from the primary ({@link ReplicaReads}). A customer the replica does not
 * have yet (just registered) is asked of the primary, so a customer always sees their own registration. Operators'
 * reads and everything inside a write stay on the primary (Hibernate, the default datasource).
 */
@ApplicationScoped
public class ReplicaProfileReads {
    /** One statement, so the customer and their wallets come from one snapshot. */
    private static final String PROFILE = """
            select c.id, c.phone_number, c.full_name, c.kyc_tier, c.role, c.created_at, c.updated_at,
                   w.id as wallet_id, w.currency, w.status, w.created_at as wallet_created_at, w.updated_at as wallet_updated_at
            from customer c left join wallet w on w.customer_id = c.id
            where c.id = ?
            order by w.created_at""";

    /** A customer and their wallets, oldest wallet first (as the primary's read orders them). */
    public record CustomerWallets(Customer customer, List<Wallet> wallets) {
    }

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
        reads = new ReplicaReads(primary, replica, settings.maxLag(), settings.recheck(), registry, "account");
    }

    public Optional<CustomerWallets> find(UUID customerId) {
        try {
            return reads.read(connection -> query(connection, customerId)).value();
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the profile: " + e.getMessage(), e);
        }
    }

    private static Optional<CustomerWallets> query(Connection connection, UUID customerId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(PROFILE)) {
            statement.setObject(1, customerId);
            try (ResultSet rows = statement.executeQuery()) {
                Customer customer = null;
                List<Wallet> wallets = new ArrayList<>();
                while (rows.next()) {
                    if (customer == null) {
                        customer = customer(rows);
                    }
                    if (rows.getObject("wallet_id") != null) {
                        wallets.add(wallet(rows, customer.id));
                    }
                }
                return customer == null ? Optional.empty() : Optional.of(new CustomerWallets(customer, List.copyOf(wallets)));
            }
        }
    }

    private static Customer customer(ResultSet row) throws SQLException {
        Customer customer = new Customer();
        customer.id = row.getObject("id", UUID.class);
        customer.phoneNumber = row.getString("phone_number");
        customer.fullName = row.getString("full_name");
        customer.kycTier = row.getShort("kyc_tier");
        customer.role = Customer.Role.valueOf(row.getString("role"));
        customer.createdAt = instant(row, "created_at");
        customer.updatedAt = instant(row, "updated_at");
        return customer;
    }

    private static Wallet wallet(ResultSet row, UUID customerId) throws SQLException {
        Wallet wallet = new Wallet();
        wallet.id = row.getObject("wallet_id", UUID.class);
        wallet.customerId = customerId;
        wallet.currency = row.getString("currency");
        wallet.status = Wallet.Status.valueOf(row.getString("status"));
        wallet.createdAt = instant(row, "wallet_created_at");
        wallet.updatedAt = instant(row, "wallet_updated_at");
        return wallet;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
