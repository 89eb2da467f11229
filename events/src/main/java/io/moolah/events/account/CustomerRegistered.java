package io.moolah.events.account;

import java.util.UUID;

public record CustomerRegistered(UUID customerId, String phoneNumber, String fullName, int kycTier) {
}
