package io.moolah.account.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A registered customer. The phone number is E.164 and unique. */
@Entity
@Table(name = "customer")
public class Customer {
    public enum Role { CUSTOMER, OPERATOR }

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String phoneNumber;

    @Column(nullable = false)
    public String fullName;

    @Column(nullable = false)
    public short kycTier;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Role role;

    @Column(nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public Instant updatedAt;
}
