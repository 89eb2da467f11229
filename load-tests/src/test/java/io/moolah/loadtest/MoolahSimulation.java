package io.moolah.loadtest;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Customers using the wallet as the app does, through the gateway. Each virtual customer registers (or, when its
 * phone number is taken, signs in), tops up once through the Peach simulator's checkout when one is given, then until
 * the scenario ends follows the mix: balance 45%, history 20%, transfers by phone and by wallet 10% each, top-ups 5%,
 * QR payments 5%, holds placed and voided 5%, with 1-3 s of thinking between calls. Every money call carries a fresh
 * Idempotency-Key, and a transfer answered 429 or 503 is sent again once with the same key a second later, as the app
 * does. Answers the contract defines for a customer's situation (422 INSUFFICIENT_FUNDS, a limit, 409 a phone number
 * taken) are answers, not errors; 5xx, a lost connection and anything else unexpected are errors.
 * <p>
 * System properties: {@code moolah.scenario} (normal, peak, stress), {@code moolah.scale} (0 to 1, shortens the
 * durations), {@code moolah.target} (the gateway's base URL), {@code moolah.peach} (the Peach simulator's base URL,
 * empty for a deployment without one), {@code moolah.report} (where {@link LoadTestReport} writes the summary).
 */
public class MoolahSimulation extends Simulation {
    private static final String PIN = "80426";
    /** A QR code the Zapper simulator accepts for R10.00 (docs/providers). */
    private static final String QR_CODE = "http://2.zap.pe?t=6&i=817:463:7[34|10.00:10[38|Central Perk,39|ZAR";
    private static final int WINDOW_SECONDS = 10;
    /** Sessions are refreshed this long after sign-in: before the 15-minute access token runs out. */
    private static final Duration SESSION_REFRESH = Duration.ofMinutes(10);

    private final Scenario scenario = Scenario.named(System.getProperty("moolah.scenario", "normal"),
            Double.parseDouble(System.getProperty("moolah.scale", "1")));
    private final String target = System.getProperty("moolah.target", "https://127.0.0.1:8443");
    private final String peach = System.getProperty("moolah.peach", "http://127.0.0.1:8090");
    private final Path report = Path.of(System.getProperty("moolah.report", "target/load-report"));
    private final Path customerFile = Path.of(System.getProperty("moolah.customers", "target/load-customers.txt"));
    /** Returning customers (90%): their app refreshes its session; the others are new and sign up with a PIN. */
    private final int returning = scenario.users() * 9 / 10;
    private volatile CustomerPool pool;
    /** Customers registered so far (phone, wallet), whom the others send money to. */
    private final List<String[]> customers = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    /** Per run, so a second run's numbers do not collide with the first's (a collision signs in instead). */
    private final int runPrefix = ThreadLocalRandom.current().nextInt(100, 1000);
    /** When the scenario ends (set again as the run starts): customers stop their visits then. */
    private volatile long startOfRun = System.currentTimeMillis();
    private volatile long endOfRun = startOfRun + scenario.total().toMillis();
    private volatile Timeline timeline = new Timeline(startOfRun, WINDOW_SECONDS);

    private final HttpProtocolBuilder protocol = http.baseUrl(target)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .userAgentHeader("moolah-loadtest");

    /**
     * A call whose answer goes into the timeline: its latency and status are saved first (checks stop at the first
     * that fails), then whether it is one of the answers {@code accepted}.
     */
    private ChainBuilder call(String name, HttpRequestActionBuilder request, Integer... accepted) {
        List<Integer> ok = List.of(accepted);
        return exec(request.check(responseTimeInMillis().saveAs("latency"), status().saveAs("status"), status().in(ok)))
                .exec(session -> {
                    int status = session.contains("status") ? session.getInt("status") : 0;
                    long latency = session.contains("latency") ? session.getLong("latency") : 0;
                    timeline.record(name, System.currentTimeMillis(), latency, status, status == 0 || status >= 500 || !ok.contains(status));
                    return session.remove("status").remove("latency");
                });
    }

    private String newPhone() {
        return String.format("+2783%03d%04d", runPrefix, next.incrementAndGet() % 10_000);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private ChainBuilder signUp() {
        return exec(session -> session.set("phone", newPhone()))
                .exec(call("register", http("register").post("/api/v1/auth/register")
                        .body(StringBody("{\"phoneNumber\":\"#{phone}\",\"fullName\":\"Load Customer\",\"pin\":\"" + PIN + "\"}")), 201, 409))
                .exec(call("login", http("login").post("/api/v1/auth/login")
                        .body(StringBody("{\"phoneNumber\":\"#{phone}\",\"pin\":\"" + PIN + "\"}"))
                        .check(jsonPath("$.accessToken").saveAs("token"), jsonPath("$.refreshToken").saveAs("refresh")), 200))
                // Not signed in (both calls failed, and counted so): the app has nothing to show; the customer leaves
                // instead of sending calls without a token (which would count again, as errors of calls never made).
                .exitHereIf(session -> !session.contains("token"))
                .exec(call("me", http("me").get("/api/v1/me").header("Authorization", "Bearer #{token}")
                        .check(jsonPath("$.wallets[0].walletId").saveAs("wallet")), 200))
                .exec(session -> {
                    if (session.contains("wallet")) {
                        customers.add(new String[]{session.getString("phone"), session.getString("wallet")});
                    }
                    return session;
                });
    }

    private ChainBuilder topUp(String name, long cents) {
        ChainBuilder started = exec(session -> session.set("key", key()))
                .exec(call(name, http(name).post("/api/v1/topups").header("Authorization", "Bearer #{token}").header("Idempotency-Key", "#{key}")
                        .body(StringBody("{\"walletId\":\"#{wallet}\",\"amount\":" + cents + ",\"currency\":\"ZAR\",\"provider\":\"PEACH\"}"))
                        .check(jsonPath("$.checkoutId").optional().saveAs("checkout")), 201));
        if (peach.isBlank()) {
            return started;
        }
        // The shopper pays on the hosted page; the simulator's notification then comes back through the gateway.
        return started.doIf(session -> session.contains("checkout")).then(
                exec(http("pay at Peach").post(peach + "/__sim/peach/checkouts/#{checkout}/outcome").body(StringBody("{}")))
                        .exec(session -> session.remove("checkout")));
    }

    private Session recipient(Session session) {
        String[] other = customers.get(ThreadLocalRandom.current().nextInt(customers.size()));
        return session.set("toPhone", other[0]).set("toWallet", other[1]).set("key", key())
                .set("amount", ThreadLocalRandom.current().nextInt(100, 2000));
    }

    private ChainBuilder transfer(String name, String to) {
        String body = "{\"fromWalletId\":\"#{wallet}\"," + to + ",\"amount\":#{amount},\"currency\":\"ZAR\",\"reference\":\"load\"}";
        return exec(this::recipient)
                .exec(call(name, http(name).post("/api/v1/transfers").header("Authorization", "Bearer #{token}").header("Idempotency-Key", "#{key}")
                        .body(StringBody(body)).check(status().saveAs("first")), 201, 409, 422, 429, 503))
                .doIf(session -> session.contains("first") && List.of(429, 503).contains(session.getInt("first"))).then(
                        pause(Duration.ofSeconds(1)).exec(call(name + " (again)", http(name + " (again)").post("/api/v1/transfers")
                                .header("Authorization", "Bearer #{token}").header("Idempotency-Key", "#{key}")
                                .body(StringBody(body)), 201, 409, 422)))
                .exec(session -> session.remove("first"));
    }

    private ChainBuilder hold() {
        return exec(session -> session.set("key", key()).set("expires", Instant.now().plus(Duration.ofMinutes(10)).toString()))
                .exec(call("place hold", http("place hold").post("/api/v1/holds").header("Authorization", "Bearer #{token}").header("Idempotency-Key", "#{key}")
                        .body(StringBody("{\"walletId\":\"#{wallet}\",\"amount\":300,\"currency\":\"ZAR\",\"reference\":\"load hold\",\"expiresAt\":\"#{expires}\"}"))
                        .check(jsonPath("$.holdId").optional().saveAs("hold")), 201, 422))
                .doIf(session -> session.contains("hold")).then(
                        exec(call("void hold", http("void hold").post("/api/v1/holds/#{hold}/void").header("Authorization", "Bearer #{token}"), 200))
                                .exec(session -> session.remove("hold")));
    }

    private ChainBuilder qrPayment() {
        return exec(session -> session.set("key", key()))
                .exec(call("QR payment", http("QR payment").post("/api/v1/qr-payments").header("Authorization", "Bearer #{token}").header("Idempotency-Key", "#{key}")
                        .body(StringBody("{\"walletId\":\"#{wallet}\",\"qrCode\":\"" + QR_CODE + "\",\"amount\":1000,\"currency\":\"ZAR\"}")), 201, 202, 422));
    }

    private ChainBuilder mix() {
        return randomSwitch().on(
                percent(45.0).then(call("balance", http("balance").get("/api/v1/wallets/#{wallet}/balance").header("Authorization", "Bearer #{token}"), 200)),
                percent(20.0).then(call("history", http("history").get("/api/v1/wallets/#{wallet}/transactions?limit=20").header("Authorization", "Bearer #{token}"), 200)),
                percent(10.0).then(transfer("transfer by phone", "\"toPhoneNumber\":\"#{toPhone}\"")),
                percent(10.0).then(transfer("transfer by wallet", "\"toWalletId\":\"#{toWallet}\"")),
                percent(5.0).then(topUp("top-up", 20_000)),
                percent(5.0).then(qrPayment()),
                percent(5.0).then(hold()));
    }

    /** A returning customer's app refreshing its session; a refused refresh falls back to the PIN, as the app does. */
    private ChainBuilder returnOrSignUp() {
        return exec(session -> {
            CustomerPool.Customer customer = pool.take();
            return customer == null ? session : session.set("customer", customer).set("phone", customer.phone)
                    .set("wallet", customer.wallet).set("refresh", customer.refreshToken);
        }).doIfOrElse(session -> session.contains("customer")).then(
                exec(call("refresh", http("refresh").post("/api/v1/auth/refresh").body(StringBody("{\"refreshToken\":\"#{refresh}\"}"))
                        .check(jsonPath("$.accessToken").saveAs("token"), jsonPath("$.refreshToken").saveAs("refresh")), 200))
                        .exec(MoolahSimulation::keepRefreshToken)
                        .doIf(session -> !session.contains("token")).then(
                                exec(call("login", http("login").post("/api/v1/auth/login")
                                        .body(StringBody("{\"phoneNumber\":\"#{phone}\",\"pin\":\"" + PIN + "\"}"))
                                        .check(jsonPath("$.accessToken").saveAs("token"), jsonPath("$.refreshToken").saveAs("refresh")), 200))))
                .orElse(signUp())
                .exec(session -> session.set("signedInAt", System.currentTimeMillis()));
    }

    /**
     * An access token lives 15 minutes (the account-service's setting): like the app, a customer who stays longer
     * refreshes the session before it runs out, here after {@link #SESSION_REFRESH}.
     */
    private ChainBuilder keepSignedIn() {
        return doIf(session -> session.contains("refresh")
                && System.currentTimeMillis() - session.getLong("signedInAt") > SESSION_REFRESH.toMillis()).then(
                exec(call("refresh", http("refresh").post("/api/v1/auth/refresh").body(StringBody("{\"refreshToken\":\"#{refresh}\"}"))
                        .check(jsonPath("$.accessToken").saveAs("token"), jsonPath("$.refreshToken").saveAs("refresh")), 200))
                        .exec(MoolahSimulation::keepRefreshToken)
                        .exec(session -> session.set("signedInAt", System.currentTimeMillis())));
    }

    /** A returning customer's newest refresh token is what the next run starts from. */
    private static Session keepRefreshToken(Session session) {
        if (session.contains("customer") && session.contains("refresh")) {
            ((CustomerPool.Customer) session.get("customer")).refreshToken = session.getString("refresh");
        }
        return session;
    }

    private final ScenarioBuilder customersScenario = scenario("customers (" + scenario.name() + ")")
            .exec(returnOrSignUp())
            .doIf(session -> session.contains("wallet")).then(exec(topUp("first top-up", 100_000))
                    .pause(Duration.ofSeconds(1))
                    // Until the scenario's end, wherever in the ramp-up the customer arrived. Gatling asks a loop's
                    // duration again at every turn, so the customer's stay is fixed once, as it starts.
                    .exec(session -> session.set("stay", Duration.ofMillis(Math.max(0, endOfRun - System.currentTimeMillis()))))
                    .exec(during(session -> (Duration) session.get("stay"))
                            .on(exec(keepSignedIn()).exec(mix()).pause(Duration.ofSeconds(1), Duration.ofSeconds(3)))));

    {
        var setUp = setUp(customersScenario.injectOpen(rampUsers(scenario.users()).during(scenario.rampUp())))
                .protocols(protocol)
                .maxDuration(scenario.total().plusMinutes(2));
        if (scenario.asserted()) {
            // The mission's promises: p95 under 200 ms and fewer than 1% errors.
            setUp.assertions(global().responseTime().percentile(95.0).lt(200), global().failedRequests().percent().lt(1.0));
        }
    }

    @Override
    public void before() {
        pool = CustomerPool.prepare(customerFile, returning, target, PIN);
        pool.all().forEach(customer -> customers.add(new String[]{customer.phone, customer.wallet}));
        startOfRun = System.currentTimeMillis();
        endOfRun = startOfRun + scenario.total().toMillis();
        timeline = new Timeline(startOfRun, WINDOW_SECONDS);
        sampler.scheduleAtFixedRate(this::sample, 0, WINDOW_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        System.out.printf("%s: %d customers over %s, then %s; target %s; Peach simulator %s%n", scenario.name(), scenario.users(),
                scenario.rampUp(), scenario.hold(), target, peach.isBlank() ? "none" : peach);
    }

    /** Each service's CPU and memory every 10 s while the run lasts (moolah.metrics: name=url,...). */
    private final java.util.Map<String, List<ProcessSample>> processes = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "moolah-metrics-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private void sample() {
        for (String entry : System.getProperty("moolah.metrics", "").split(",")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                String name = entry.substring(0, equals);
                ProcessSample.read(entry.substring(equals + 1)).ifPresent(reading ->
                        processes.computeIfAbsent(name, key -> new CopyOnWriteArrayList<>()).add(reading));
            }
        }
    }

    @Override
    public void after() {
        pool.save();
        sampler.shutdownNow();
        sample();
        long[] overall = timeline.overallPercentiles();
        LoadTestReport.write(report, scenario, timeline.figures(), timeline.calls(), new java.util.TreeMap<>(processes), overall[0], overall[1], overall[2]);
    }
}
