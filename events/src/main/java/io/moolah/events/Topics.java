package io.moolah.events;

import java.util.List;

/** The platform's Kafka topics. The record key is always the aggregate id, so one aggregate's events stay in order. */
public final class Topics {
    public static final String ACCOUNT_EVENTS = "account.events";
    public static final String TRANSACTION_EVENTS = "transaction.events";
    public static final String PAYMENT_EVENTS = "payment.events";

    public static final List<String> ALL = List.of(ACCOUNT_EVENTS, TRANSACTION_EVENTS, PAYMENT_EVENTS);

    private Topics() {
    }
}
