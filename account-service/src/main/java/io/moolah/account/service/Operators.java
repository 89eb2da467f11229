package io.moolah.account.service;

import io.moolah.account.config.AccountSettings;
import io.moolah.account.security.Totp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The operators, as configured ({@code moolah.account.operators}, from a Secret): one per line,
 * {@code <operatorId> <passphrase hash> <TOTP secret>}. Staff, not customers: they have no wallet, no PIN and no
 * refresh session. A malformed line stops the service at start rather than leaving an operator out silently.
 */
@ApplicationScoped
public class Operators {
    private static final Logger LOG = Logger.getLogger(Operators.class);

    /** One operator's credentials: an Argon2id hash of the passphrase, and the TOTP secret's bytes. */
    public record Operator(UUID id, String passphraseHash, byte[] totpSecret) {
    }

    private final Map<UUID, Operator> byId;

    @Inject
    public Operators(AccountSettings settings) {
        byId = parse(settings.operators().orElse(""));
        LOG.infof("%d operator(s) configured", byId.size());
    }

    public Optional<Operator> find(UUID id) {
        return Optional.ofNullable(byId.get(id));
    }

    static Map<UUID, Operator> parse(String text) {
        Map<UUID, Operator> operators = new HashMap<>();
        for (String line : text.split("[\\r\\n;]+")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            if (fields.length != 3 || !fields[1].startsWith("$argon2id$")) {
                throw new IllegalArgumentException("moolah.account.operators: each line is '<operatorId> <argon2id hash> <base32 TOTP secret>'");
            }
            UUID id = UUID.fromString(fields[0]);
            byte[] secret = Totp.base32(fields[2]);
            if (secret.length < 10) {
                throw new IllegalArgumentException("moolah.account.operators: operator " + id + "'s TOTP secret is shorter than 80 bits");
            }
            operators.put(id, new Operator(id, fields[1], secret));
        }
        return Map.copyOf(operators);
    }
}
