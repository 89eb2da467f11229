package io.moolah.account.service;

import io.moolah.account.config.AccountSettings;
import io.moolah.events.account.Limits;
import io.moolah.platform.web.Problem;
import io.moolah.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/** KYC tiers 0 to 3 and their limits, from configuration. */
@ApplicationScoped
public class KycTiers {
    public static final int LOWEST = 0;
    public static final int HIGHEST = 3;

    @Inject
    AccountSettings settings;

    public Limits limitsOf(int tier) {
        AccountSettings.TierLimits limits = settings.kycTiers().get(String.valueOf(tier));
        if (limits == null) {
            throw new IllegalStateException("no limits configured for KYC tier " + tier);
        }
        return new Limits(limits.dailySend(), limits.monthlySend(), limits.maxBalance());
    }

    public static int requireValid(Integer tier) {
        if (tier == null || tier < LOWEST || tier > HIGHEST) {
            throw new ProblemException(400, "VALIDATION_FAILED", "Invalid request", "tier must be 0 to 3",
                    List.of(new Problem.FieldError("tier", "must be 0 to 3")));
        }
        return tier;
    }
}
