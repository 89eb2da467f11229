package io.moolah.gateway.exchange;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RouteTableTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "POST, /api/v1/auth/register, account",
            "POST, /api/v1/auth/login, account",
            "GET,  /api/v1/me, account",
            "POST, /api/v1/admin/customers/c1/kyc, account",
            "POST, /api/v1/admin/wallets/w1/freeze, account",
            "GET,  /api/v1/wallets/w1/balance, cache",
            "GET,  /api/v1/wallets/w1/transactions, cache",
            "POST, /api/v1/transfers, transaction",
            "POST, /api/v1/holds/h1/capture, transaction",
            "POST, /api/v1/admin/transactions/t1/reverse, transaction",
            "POST, /api/v1/admin/adjustments, transaction",
            "POST, /api/v1/topups, payment",
            "POST, /api/v1/qr-payments, payment",
            "GET,  /api/v1/payments/p1, payment",
            "POST, /api/v1/webhooks/peach, payment",
            "POST, /api/v1/admin/reconciliations, payment",
            "GET,  /api/v1/admin/dead-letters/accounts, account",
            "POST, /api/v1/admin/dead-letters/ledger/7/replay, transaction",
            "GET,  /api/v1/admin/dead-letters/payments, payment",
            "GET,  /api/v1/admin/dead-letters/cache, none",
            "GET,  /api/v1/mee, none",
            "GET,  /api/v1/admin/other, none",
            "DELETE, /api/v1/wallets/w1/balance, none",
            "GET,  /api/v1/wallets/w1/balance/extra, none",
            "GET,  /api/v2/me, none",
    })
    void eachPublicPathHasOneOwner(String method, String path, String owner) {
        assertEquals(owner, RouteTable.upstreamFor(method, path).orElse("none"));
    }
}
