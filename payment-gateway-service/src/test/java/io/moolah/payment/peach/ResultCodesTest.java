package io.moolah.payment.peach;

import io.moolah.payment.peach.ResultCodes.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Codes and groups as listed on developer.peachpayments.com/docs/dashboard-response-codes and the OPPWA reference. */
class ResultCodesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "000.000.000", // Transaction succeeded
            "000.000.100", // successful request
            "000.100.105", // Chargeback Representment is successful
            "000.100.106", // Chargeback Representment cancellation is successful
            "000.100.110", // Request successfully processed in 'Merchant in Integrator Test Mode'
            "000.100.111", // ... 'Merchant in Validator Test Mode'
            "000.100.112", // ... 'Merchant in Connector Test Mode'
            "000.300.000", // Two-step transaction succeeded
            "000.300.100", // Risk check successful
            "000.300.103", // Exemption check successful
            "000.310.100", // Account updated
            "000.310.110", // No updates found, but account is valid
            "000.400.110", // Authentication successful (frictionless flow)
            "000.400.120", // Authentication successful (data only flow)
            "000.600.000", // transaction succeeded due to external update
    })
    void documentedSuccessfulCodesSucceed(String code) {
        assertEquals(Outcome.SUCCEEDED, ResultCodes.classify(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "000.400.000", // Transaction succeeded (please review manually due to fraud suspicion)
            "000.400.010", // ... due to AVS return code
            "000.400.020", // the rest of /^(000\.400\.0[^3])/
            "000.400.040",
            "000.400.050",
            "000.400.060",
            "000.400.070",
            "000.400.080",
            "000.400.090",
            "000.400.100", // Transaction succeeded, risk after payment rejected
    })
    void documentedReviewCodesSucceedButNeedReview(String code) {
        assertEquals(Outcome.SUCCEEDED_NEEDS_REVIEW, ResultCodes.classify(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "000.200.000", // transaction pending
            "000.200.100", // successfully created checkout
            "000.200.103", // checkout is pending
            "800.400.500", // Waiting for confirmation of non-instant payment. Denied for now.
            "800.400.501", // still inside /^(800\.400\.5)/
            "100.400.500", // waiting for external risk
    })
    void documentedPendingCodesArePending(String code) {
        assertEquals(Outcome.PENDING, ResultCodes.classify(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "800.100.153", // bank declined: CVV is wrong (the docs' worked example)
            "800.100.152", // bank declined by authorisation system
            "000.400.030", // excluded from review by [^3]: communication error group
            "000.400.101", // 3-D Secure card not participating: not in any success group
            "000.400.200", // risk management check communication error
            "000.100.220", // chargeback: fraudulent transaction
            "000.210.000", // only 000.200 is pending
            "100.400.501", // only exactly 100.400.500 is pending
            "800.400.600", // only 800.400.5xx is pending
            "100.396.101", // cancelled by user
            "900.100.300", // timeout, uncertain result
            "600.200.100", // invalid payment method
            "500.100.201", // channel/merchant is disabled
            "999.999.999", // undefined connector/acquirer error
    })
    void everyOtherWellFormedCodeIsRejected(String code) {
        assertEquals(Outcome.REJECTED, ResultCodes.classify(code));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "   ",
            "000.000",
            "000000000",
            "000.000.0000",
            "0000.000.000", // Payment Links / Payouts use four digits; not handled here
            " 000.000.000",
            "000.000.000 ",
            "000.000.000\n",
            "000-000-000",
            "000.000.00a",
            "abc.def.ghi",
            "\u0660\u0660\u0660.\u0660\u0660\u0660.\u0660\u0660\u0660", // Arabic-Indic zeros
            "000.000.000.000",
    })
    void malformedCodesAreUnknownNeverSuccess(String code) {
        Outcome outcome = ResultCodes.classify(code);
        assertEquals(Outcome.UNKNOWN, outcome);
        assertFalse(outcome.isSuccessful());
    }

    @Test
    void onlyTheTwoSuccessOutcomesAreSuccessful() {
        assertTrue(Outcome.SUCCEEDED.isSuccessful());
        assertTrue(Outcome.SUCCEEDED_NEEDS_REVIEW.isSuccessful());
        for (Outcome other : EnumSet.of(Outcome.PENDING, Outcome.REJECTED, Outcome.UNKNOWN)) {
            assertFalse(other.isSuccessful(), other.name());
        }
    }

    @Test
    void noCodeOutsideTheZeroGroupSucceeds() {
        for (int group = 1; group <= 999; group++) {
            for (String rest : new String[] {".000.000", ".100.110", ".400.000", ".300.000", ".600.000"}) {
                String code = String.format("%03d", group) + rest;
                assertFalse(ResultCodes.classify(code).isSuccessful(), code);
            }
        }
    }
}
