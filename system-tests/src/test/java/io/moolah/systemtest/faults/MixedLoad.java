package io.moolah.systemtest.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.moolah.localstack.Await;
import io.moolah.localstack.OperatorCredentials;
import io.moolah.localstack.simulators.ZapperSimulator;
import io.moolah.localstack.testing.FreshCodes;
import io.moolah.localstack.testing.PlatformExtension.RunningPlatform;
import io.moolah.systemtest.GatewayClient;
import io.moolah.systemtest.faults.Journal.Kind;
import io.moolah.systemtest.faults.Journal.Movement;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault suite's client: a few workers sending a mixed load through the gateway, as the app does. Transfers by
 * wallet and by phone, holds then captures, top-ups paid at the Peach simulator, QR payments, operator adjustments,
 * balance and history reads; now and then the same request again with the same Idempotency-Key. Each money request is
 * sent until it gets a final answer, with the same key after no answer, a 503 (after its Retry-After) or a 409 in
 * flight, as a real app retries; every answer and every acknowledgement goes into the {@link Journal}.
 */
final class MixedLoad implements AutoCloseable {
    /** How the provider simulators behave for the load's payments. */
    enum ProviderMode { NORMAL, ZAPPER_FAULTS, WEBHOOK_FAULTS }

    static final String PIN = "80426";
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);
    private static final long FLOAT_CENTS = 900_000;

    /** A customer of the load; the token is replaced when it expires or was lost. */
    static final class Customer {
        final String phone;
        final String walletId;
        volatile String token;

        Customer(String phone, String walletId, String token) {
            this.phone = phone;
            this.walletId = walletId;
            this.token = token;
        }
    }

    private final java.util.function.Supplier<GatewayClient> connect;
    private volatile GatewayClient client;
    private volatile long connectedAt = System.nanoTime();
    private final RunningPlatform platform;
    private final Journal journal;
    private final int workers;
    private final List<Customer> customers = new ArrayList<>();
    private final HttpClient simulator = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Thread> threads = new ArrayList<>();
    private final Object gate = new Object();
    private final AtomicInteger busy = new AtomicInteger();
    private final AtomicInteger qrFaults = new AtomicInteger();
    private final AtomicInteger webhookFaults = new AtomicInteger();
    private volatile boolean paused;
    private volatile boolean stopped;
    private volatile ProviderMode mode = ProviderMode.NORMAL;
    private volatile String operatorToken;

    /** @param connect makes a client with connections of its own, as an app's HTTP stack reconnects after a failure */
    MixedLoad(java.util.function.Supplier<GatewayClient> connect, RunningPlatform platform, Journal journal, int workers) {
        this.connect = connect;
        this.client = connect.get();
        this.platform = platform;
        this.journal = journal;
        this.workers = workers;
    }

    /** Registers {@code count} customers and funds each by an operator adjustment; before the load starts. */
    void registerCustomers(int count) {
        long base = 1_000_000 + ThreadLocalRandom.current().nextLong(8_000_000);
        for (int i = 0; i < count; i++) {
            String phone = "+2782" + String.format("%07d", (base + i) % 10_000_000);
            GatewayClient.Reply registered = client.post("/auth/register", Map.of("phoneNumber", phone, "fullName", "Fault Tester", "pin", PIN));
            require(registered.status() == 201, "register: " + registered.body());
            Customer customer = new Customer(phone, registered.json().get("walletId").asText(), null);
            customer.token = login(customer.phone);
            require(customer.token != null, "login of " + phone);
            Await.until("the ledger to open wallet " + customer.walletId, Duration.ofSeconds(60),
                    () -> client.get("/wallets/" + customer.walletId + "/balance", customer.token).status() == 200);
            // The highest tier, so the load never meets a send limit or the maximum balance: refusals would hide recovery.
            String customerId = registered.json().get("customerId").asText();
            GatewayClient.Reply tier = untilFinal(Kind.SETUP, "POST", "/admin/customers/" + customerId + "/kyc", Map.of("tier", 3), null, null);
            require(tier != null && tier.status() == 200, "KYC tier 3 for " + phone + ": " + (tier == null ? "no answer" : tier.body()));
            customers.add(customer);
            adjust(customer, FLOAT_CENTS);
        }
    }

    /** Waits until the ledger applies the customers' tier (it learns of it from account.events). */
    void awaitTier(java.util.function.Predicate<String> tierThreeInLedger) {
        for (Customer customer : customers) {
            Await.until("the ledger to know wallet " + customer.walletId + " is tier 3", Duration.ofSeconds(60),
                    () -> tierThreeInLedger.test(customer.walletId));
        }
    }

    List<Customer> customers() {
        return List.copyOf(customers);
    }

    void start() {
        for (int i = 0; i < workers; i++) {
            Thread thread = new Thread(this::work, "fault-load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    void mode(ProviderMode mode) {
        this.mode = mode;
    }

    /** Stops new requests and waits (bounded) until every request in flight has its final answer or was given up. */
    void pause() {
        synchronized (gate) {
            paused = true;
        }
        Await.until("the load's requests in flight to end", GIVE_UP_AFTER.plusSeconds(90), () -> busy.get() == 0);
    }

    void resume() {
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    @Override
    public void close() {
        stopped = true;
        resume();
        for (Thread thread : threads) {
            try {
                thread.join(GIVE_UP_AFTER.toMillis() + 30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void work() {
        Random random = ThreadLocalRandom.current();
        while (true) {
            synchronized (gate) {
                while (paused && !stopped) {
                    try {
                        gate.wait(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped) {
                    return;
                }
                busy.incrementAndGet();
            }
            try {
                oneOperation(random);
            } catch (RuntimeException e) {
                journal.finding("the load's client failed: " + e);
            } finally {
                busy.decrementAndGet();
            }
        }
    }

    /** Reads 45%, transfers 25%, hold and capture 10%, top-ups 8%, QR payments 10%, adjustments 2%. */
    private void oneOperation(Random random) {
        int dice = random.nextInt(100);
        Customer customer = customers.get(random.nextInt(customers.size()));
        if (dice < 30) {
            read(Kind.BALANCE, customer, "/wallets/" + customer.walletId + "/balance");
        } else if (dice < 45) {
            read(Kind.HISTORY, customer, "/wallets/" + customer.walletId + "/transactions?limit=20");
        } else if (dice < 58) {
            transfer(random, customer, false);
        } else if (dice < 70) {
            transfer(random, customer, true);
        } else if (dice < 80) {
            holdAndCapture(random, customer);
        } else if (dice < 88) {
            topUp(random, customer);
        } else if (dice < 98) {
            qrPayment(random, customer);
        } else {
            adjust(customer, 100 + random.nextInt(400));
        }
    }

    private void read(Kind kind, Customer customer, String path) {
        GatewayClient.Reply reply = send(kind, "GET", path, null, customer.token, null);
        if (reply != null && reply.status() == 401) {
            relogin(customer);
        }
    }

    private void transfer(Random random, Customer from, boolean byPhone) {
        Customer to = customers.get(random.nextInt(customers.size()));
        if (to == from) {
            return;
        }
        long amount = 100 + random.nextInt(900);
        String reference = "fault-" + UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fromWalletId", from.walletId);
        body.put(byPhone ? "toPhoneNumber" : "toWalletId", byPhone ? to.phone : to.walletId);
        body.put("amount", amount);
        body.put("currency", "ZAR");
        body.put("reference", reference);
        Kind kind = byPhone ? Kind.TRANSFER_BY_PHONE : Kind.TRANSFER_BY_ID;
        Movement movement = new Movement(kind, reference, amount, null, null);
        journal.attempt(movement);
        String key = UUID.randomUUID().toString();
        GatewayClient.Reply reply = untilFinal(kind, "POST", "/transfers", body, from, key);
        if (reply != null && (reply.status() == 201 || reply.status() == 200)) {
            String transactionId = reply.json().get("transactionId").asText();
            journal.acknowledge(new Movement(kind, reference, amount, transactionId, null));
            if (random.nextInt(10) == 0) {
                expectReplay(kind, "/transfers", body, from, key, "transactionId", transactionId);
            }
        }
    }

    private void holdAndCapture(Random random, Customer customer) {
        long amount = 200 + random.nextInt(500);
        String reference = "fault-" + UUID.randomUUID();
        Map<String, Object> place = Map.of("walletId", customer.walletId, "amount", amount, "currency", "ZAR", "reference", reference,
                "expiresAt", java.time.Instant.now().plus(Duration.ofHours(1)).toString());
        journal.attempt(new Movement(Kind.HOLD, reference, amount, null, null));
        GatewayClient.Reply held = untilFinal(Kind.HOLD, "POST", "/holds", place, customer, UUID.randomUUID().toString());
        if (held == null || held.status() != 201) {
            return;
        }
        String holdId = held.json().get("holdId").asText();
        journal.acknowledge(new Movement(Kind.HOLD, reference, amount, holdId, holdId));
        journal.attempt(new Movement(Kind.CAPTURE, reference, amount, null, holdId));
        String key = UUID.randomUUID().toString();
        Map<String, Object> capture = Map.of("amount", amount);
        GatewayClient.Reply captured = untilFinal(Kind.CAPTURE, "POST", "/holds/" + holdId + "/capture", capture, customer, key);
        if (captured != null && captured.status() == 200) {
            String transactionId = captured.json().get("transactionId").asText();
            journal.acknowledge(new Movement(Kind.CAPTURE, reference, amount, transactionId, holdId));
            if (random.nextInt(10) == 0) {
                expectReplay(Kind.CAPTURE, "/holds/" + holdId + "/capture", capture, customer, key, "transactionId", transactionId);
            }
        }
    }

    private void topUp(Random random, Customer customer) {
        long amount = 2_000 + random.nextInt(3_000);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("walletId", customer.walletId, "amount", amount, "currency", "ZAR", "provider", "PEACH");
        journal.attempt(new Movement(Kind.TOPUP, key, amount, null, null));
        GatewayClient.Reply started = untilFinal(Kind.TOPUP, "POST", "/topups", body, customer, key);
        if (started == null || started.status() != 201) {
            return;
        }
        String paymentId = started.json().get("paymentId").asText();
        journal.acknowledge(new Movement(Kind.TOPUP, key, amount, paymentId, null));
        if (random.nextInt(10) == 0) {
            expectReplay(Kind.TOPUP, "/topups", body, customer, key, "paymentId", paymentId);
        }
        String options = "{}";
        if (mode == ProviderMode.WEBHOOK_FAULTS) {
            // Twice and out of order; every third one lost on the way, so only the status poll can settle it.
            options = webhookFaults.incrementAndGet() % 3 == 0 ? "{\"lost\":true}" : "{\"duplicate\":true,\"outOfOrder\":true}";
        }
        if (pay(started.json().get("checkoutId").asText(), options)) {
            journal.paid(paymentId);
        }
    }

    /** The shopper pays on the simulator's hosted page; its notifications come back through the gateway. */
    private boolean pay(String checkoutId, String options) {
        try {
            HttpResponse<String> response = simulator.send(HttpRequest.newBuilder(URI.create(
                            platform.platform().peach().baseUrl() + "/__sim/peach/checkouts/" + checkoutId + "/outcome"))
                    .timeout(Duration.ofSeconds(40)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(options)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (java.io.IOException e) {
            journal.finding("the Peach simulator did not take a payment: " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void qrPayment(Random random, Customer customer) {
        int cents = mode == ProviderMode.ZAPPER_FAULTS
                ? (qrFaults.incrementAndGet() % 2 == 0 ? 54 : 55) // answered too late (paid), or a 500 (not paid)
                : 10 + random.nextInt(40);
        long amount = (10 + random.nextInt(3)) * 100L + cents;
        String text = (amount / 100) + "." + String.format("%02d", amount % 100);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("walletId", customer.walletId, "qrCode", ZapperSimulator.qrCode("817", "463", text, "Central Perk"),
                "amount", amount, "currency", "ZAR");
        journal.attempt(new Movement(Kind.QR_PAYMENT, key, amount, null, null));
        GatewayClient.Reply paid = untilFinal(Kind.QR_PAYMENT, "POST", "/qr-payments", body, customer, key);
        if (paid != null && (paid.status() == 201 || paid.status() == 202 || paid.status() == 200)) {
            journal.acknowledge(new Movement(Kind.QR_PAYMENT, key, amount, paid.json().get("paymentId").asText(), null));
        }
    }

    /** An operator credits (or, negative, debits) a customer's wallet against treasury suspense. */
    private void adjust(Customer customer, long amount) {
        String reference = "fault-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("walletId", customer.walletId, "amount", amount, "currency", "ZAR", "reason", reference);
        journal.attempt(new Movement(Kind.ADJUSTMENT, reference, amount, null, null));
        GatewayClient.Reply adjusted = untilFinal(Kind.ADJUSTMENT, "POST", "/admin/adjustments", body, null, UUID.randomUUID().toString());
        if (adjusted != null && adjusted.status() == 201) {
            journal.acknowledge(new Movement(Kind.ADJUSTMENT, reference, amount, adjusted.json().get("transactionId").asText(), null));
        }
    }

    /** The same request with the same key again: the first answer, marked as replayed, and nothing new. */
    private void expectReplay(Kind kind, String path, Map<String, Object> body, Customer customer, String key, String idField, String id) {
        GatewayClient.Reply again = untilFinal(kind, "POST", path, body, customer, key);
        if (again == null) {
            return;
        }
        JsonNode json = again.status() < 300 ? again.json() : null;
        if (json == null || !id.equals(json.path(idField).asText())) {
            journal.finding(kind + " replayed with key " + key + " answered " + again.status() + " " + again.body() + " instead of " + id);
        }
    }

    /**
     * Sends until a final answer, as an app does: the same key after no answer, after a 503 (waiting its Retry-After)
     * or a 409 in flight, and with a new token after a 401. Gives up after a minute: the outcome is then unknown. A top-up
     * refused 503 PROVIDER_UNAVAILABLE is final: the contract says to try again with a new key.
     */
    private GatewayClient.Reply untilFinal(Kind kind, String method, String path, Object body, Customer customer, String key) {
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        long backoff = 200;
        for (int attempt = 0; attempt < 200 && System.nanoTime() < deadline; attempt++) {
            String token = customer == null ? operatorToken() : customer.token;
            GatewayClient.Reply reply = token == null ? null : send(kind, method, path, body, token, key);
            long wait = backoff;
            if (reply != null) {
                String code = codeOf(reply);
                if (reply.status() == 401) {
                    if (customer == null) {
                        operatorToken = null;
                    } else {
                        relogin(customer);
                    }
                    continue;
                }
                boolean again = reply.status() == 503 && !"PROVIDER_UNAVAILABLE".equals(code)
                        || reply.status() == 409 && "REQUEST_IN_PROGRESS".equals(code)
                        || reply.status() == 502 || reply.status() == 504 || reply.status() == 500;
                if (!again) {
                    return reply;
                }
                String retryAfter = reply.header("Retry-After");
                if (retryAfter != null && retryAfter.matches("\\d{1,3}")) {
                    wait = Math.min(2_000, Long.parseLong(retryAfter) * 1_000);
                }
            }
            sleep(wait);
            backoff = Math.min(2_000, backoff * 2);
        }
        return null;
    }

    private GatewayClient.Reply send(Kind kind, String method, String path, Object body, String token, String key) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        if (key != null) {
            headers.put("Idempotency-Key", key);
        }
        try {
            GatewayClient.Reply reply = client.send(method, path, body == null ? null : GatewayClient.json(body), headers);
            journal.answer(kind, reply.status(), codeOf(reply), reply.header("Retry-After") != null);
            return reply;
        } catch (IllegalStateException noAnswer) {
            journal.answer(kind, 0, "NO_ANSWER", false);
            reconnect();
            return null;
        }
    }

    /** The client in use now: replaced after a request got no answer. */
    GatewayClient client() {
        return client;
    }

    /**
     * Drops the client's connections for new ones, at most once a second: a connection to a gateway that was killed
     * can stay in the JDK client's pool, and an app's HTTP stack opens a new connection after a failure.
     */
    private synchronized void reconnect() {
        if (System.nanoTime() - connectedAt > 1_000_000_000L) {
            client = connect.get();
            connectedAt = System.nanoTime();
        }
    }

    private static String codeOf(GatewayClient.Reply reply) {
        if (reply.status() < 400) {
            return null;
        }
        try {
            return reply.json().path("code").asText(null);
        } catch (AssertionError notJson) {
            return "NOT_JSON";
        }
    }

    private void relogin(Customer customer) {
        String token = login(customer.phone);
        if (token != null) {
            customer.token = token;
        } else {
            sleep(500);
        }
    }

    private String login(String phone) {
        GatewayClient.Reply reply = send(Kind.LOGIN, "POST", "/auth/login", Map.of("phoneNumber", phone, "pin", PIN), null, null);
        return reply != null && reply.status() == 200 ? reply.json().get("accessToken").asText() : null;
    }

    /** The first operator's token, signed in again (passphrase and a fresh one-time code) when it was lost. */
    private synchronized String operatorToken() {
        if (operatorToken == null) {
            OperatorCredentials operator = platform.operators().get(0);
            GatewayClient.Reply reply = send(Kind.LOGIN, "POST", "/admin/auth/login", Map.of("operatorId", operator.id().toString(),
                    "passphrase", operator.passphrase(), "otp", FreshCodes.next(operator)), null, null);
            if (reply != null && reply.status() == 200) {
                operatorToken = reply.json().get("accessToken").asText();
            }
        }
        return operatorToken;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("setting up the load failed: " + what);
        }
    }
}
