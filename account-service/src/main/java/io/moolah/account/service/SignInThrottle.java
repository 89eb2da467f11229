package io.moolah.account.service;

import io.moolah.account.config.AccountSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Growing delays after wrong PINs and passphrases, kept in the database (shared by replicas, kept across restarts):
 * per subject and address ({@link SignInDelays} with {@code free} failures, up to {@code max-delay}), and for
 * customers also per subject over every address (address {@code *}: more free failures, a one-minute cap), against
 * guessing from many addresses. A stranger can slow a customer by at most a minute from elsewhere, and an operator not
 * at all. A success clears the subject's rows.
 */
@ApplicationScoped
public class SignInThrottle {
    static final String EVERY_ADDRESS = "*";

    @Inject
    EntityManager database;

    @Inject
    AccountSettings settings;

    /** @throws AuthProblems.Delayed while the subject must wait, from this address or (account-wide) from any */
    @Transactional
    public void requireAllowed(String subject, String address, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object> blocked = database.createNativeQuery("""
                        select blocked_until from sign_in_failure
                        where subject = ?1 and address in (?2, '*') and blocked_until > ?3 order by blocked_until desc limit 1""")
                .setParameter(1, subject).setParameter(2, address).setParameter(3, Timestamp.from(now)).getResultList();
        if (!blocked.isEmpty()) {
            Object until = blocked.get(0);
            throw AuthProblems.delayed(until instanceof Timestamp timestamp ? timestamp.toInstant() : (Instant) until, now);
        }
    }

    /** Counts a failure; {@code accountWide} also counts it over every address (customers, not operators). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordFailure(String subject, String address, boolean accountWide, Instant now) {
        var delays = settings.signInDelays();
        count(subject, address, now, delays.freeFailures(), delays.maxDelay());
        if (accountWide) {
            count(subject, EVERY_ADDRESS, now, delays.freeFailuresEveryAddress(), delays.maxDelayEveryAddress());
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordSuccess(String subject, String address) {
        database.createNativeQuery("delete from sign_in_failure where subject = ?1 and address in (?2, '*')")
                .setParameter(1, subject).setParameter(2, address).executeUpdate();
    }

    private void count(String subject, String address, Instant now, int free, Duration max) {
        // A run of failures ends after a quiet day: the count starts again.
        Number failures = (Number) database.createNativeQuery("""
                        insert into sign_in_failure (subject, address, failures, last_failure_at) values (?1, ?2, 1, ?3)
                        on conflict (subject, address) do update set
                            failures = case when sign_in_failure.last_failure_at < cast(?3 as timestamptz) - interval '1 day' then 1
                                            else sign_in_failure.failures + 1 end,
                            last_failure_at = ?3
                        returning failures""")
                .setParameter(1, subject).setParameter(2, address).setParameter(3, Timestamp.from(now)).getSingleResult();
        Duration delay = SignInDelays.after(failures.intValue(), free, max);
        if (!delay.isZero()) {
            database.createNativeQuery("update sign_in_failure set blocked_until = ?3 where subject = ?1 and address = ?2")
                    .setParameter(1, subject).setParameter(2, address).setParameter(3, Timestamp.from(now.plus(delay)))
                    .executeUpdate();
        }
    }
}
