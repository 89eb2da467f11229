package io.moolah.payment.peach;

import java.math.BigDecimal;

/** Peach writes amounts as decimal strings with two places ("100.00"); we keep integer cents. */
public final class Amounts {
    private Amounts() {
    }

    /** Cents of a Peach amount, or -1 when it is not an amount with at most two decimal places. */
    public static long toCents(String amount) {
        if (amount == null || !amount.matches("\\d{1,12}(\\.\\d{1,2})?")) {
            return -1;
        }
        return new BigDecimal(amount).movePointRight(2).longValueExact();
    }
}
