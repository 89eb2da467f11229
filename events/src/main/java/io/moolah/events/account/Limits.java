package io.moolah.events.account;

/** A KYC tier's limits, in minor units of the wallet's currency. */
public record Limits(long dailySend, long monthlySend, long maxBalance) {
}
