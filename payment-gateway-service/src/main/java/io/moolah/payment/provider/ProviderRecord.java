package io.moolah.payment.provider;

/**
 * One line of a provider's settlement report, in our terms.
 *
 * @param reference  what the provider knows us by: Peach's merchantTransactionId, or our payment id at Zapper
 * @param providerId the provider's own id of the payment
 * @param amount     cents, -1 when the report's amount cannot be read
 */
public record ProviderRecord(String reference, String providerId, long amount, String currency, boolean succeeded) {
}
