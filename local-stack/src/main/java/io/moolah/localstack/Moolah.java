package io.moolah.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The local launcher behind {@code ./moolah}: {@code up [--reset]}, {@code down}, {@code status}, {@code reset}.
 *
 * <p>Everything a local run keeps lives in one folder, {@code .moolah/} in the project (or {@code MOOLAH_HOME}):
 * {@code data/} (PostgreSQL, Redis, Kafka), {@code logs/}, {@code tls/} (the gateway's development certificate)
 * and {@code run/} (the running launcher's pid and state).
 */
public final class Moolah {
    static final int POSTGRES_PORT = 55432;
    static final int REDIS_PORT = 56379;
    static final int KAFKA_PORT = 59092;

    private final Path projectRoot;
    private final Path home;

    private Moolah(Path projectRoot, Path home) {
        this.projectRoot = projectRoot;
        this.home = home;
    }

    public static void main(String[] args) {
        // The servers' client libraries log chattily at INFO; the launcher's own output is what a person reads.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path root = Path.of(System.getProperty("moolah.project.root", ".")).toAbsolutePath().normalize();
        Path home = Path.of(System.getenv().getOrDefault("MOOLAH_HOME", root.resolve(".moolah").toString())).toAbsolutePath();
        Moolah moolah = new Moolah(root, home);
        String command = args.length == 0 ? "help" : args[0];
        List<String> flags = List.of(args).subList(Math.min(1, args.length), args.length);
        int exit = switch (command) {
            case "up" -> moolah.up(flags.contains("--reset"), flags.contains("--monitoring"));
            case "down" -> moolah.down();
            case "status" -> moolah.status();
            case "reset" -> moolah.reset();
            case "otp" -> otp(flags);
            case "audit" -> moolah.audit();
            default -> help();
        };
        System.exit(exit);
    }

    private static int help() {
        System.out.println("""
                usage: ./moolah <command>
                  up [--reset] [--monitoring]
                                 build what is missing, start everything, wait until ready (Ctrl-C stops it all);
                                 --monitoring also starts Prometheus (Debian's package) with the alert rules, on :9090
                  loadtest normal|peak|stress [--scale F] [--target URL]
                                 the mission's load scenarios in Gatling, against this platform (started with the
                                 limits raised) or a deployed gateway; report in .moolah/reports (docs/load-tests.md)
                  down           stop a running platform (from another terminal)
                  status         what is running, with each process's resident memory
                  reset          wipe the data folder (the platform must be stopped)
                  otp <secret>   the one-time code an authenticator app would show now for an operator's TOTP secret
                  audit          check the running platform's whole ledger (every shard): exit 0 clean, 1 not""");
        return 2;
    }

    /** What an authenticator app shows for a base32 TOTP secret now: for signing in as an operator from a terminal. */
    private static int otp(List<String> flags) {
        if (flags.size() != 1 || !flags.get(0).matches("[A-Z2-7]{16,}")) {
            System.err.println("usage: ./moolah otp <base32 TOTP secret, as printed by ./moolah up>");
            return 2;
        }
        System.out.println(new OperatorCredentials(java.util.UUID.randomUUID(), "", flags.get(0)).otp(java.time.Instant.now()));
        return 0;
    }

    /** The operators' lines for the console: id, passphrase and TOTP secret each. */
    static String operatorLines(List<OperatorCredentials> operators) {
        List<String> lines = new ArrayList<>();
        for (OperatorCredentials operator : operators) {
            lines.add(String.format("  operatorId %s  passphrase %s  TOTP secret %s", operator.id(), operator.passphrase(),
                    operator.totpSecretBase32()));
        }
        return String.join("\n    ", lines);
    }

    private int up(boolean reset, boolean monitoring) {
        RunState running = RunState.read(home);
        if (running != null && running.launcherAlive()) {
            System.out.println("Moolah is already running (launcher pid " + running.launcherPid() + ", gateway "
                    + running.gatewayUrl() + ").\nStop it with Ctrl-C in its terminal, or ./moolah down.");
            return 1;
        }
        if (running != null) {
            running.killLeftovers();
        }
        if (reset) {
            wipeData();
        }
        Platform.ServicePorts ports = Platform.ServicePorts.fixed();
        List<Integer> busy = new ArrayList<>();
        for (int port : concat(List.of(POSTGRES_PORT, REDIS_PORT, KAFKA_PORT), ports.all())) {
            if (Ports.listening(port)) {
                busy.add(port);
            }
        }
        if (monitoring && Ports.listening(LocalPrometheus.PORT)) {
            busy.add(LocalPrometheus.PORT);
        }
        if (monitoring && LocalPrometheus.executable().isEmpty()) {
            System.out.println("--monitoring needs Prometheus on the PATH: apt-get install -y prometheus (Debian's package).");
            return 1;
        }
        if (!busy.isEmpty()) {
            System.out.println("Cannot start: something else listens on port(s) " + busy
                    + " on 127.0.0.1. Stop it, or check ./moolah status.");
            return 1;
        }

        long started = System.nanoTime();
        CountDownLatch stopped = new CountDownLatch(1);
        Holder holder = new Holder();
        Thread stopper = new Thread(() -> {
            System.out.println("\nStopping Moolah...");
            holder.stop();
            RunState.delete(home);
            LedgerAuditCommand.forget(home.resolve("run"));
            System.out.println("Stopped.");
            stopped.countDown();
        }, "moolah-stop");
        Runtime.getRuntime().addShutdownHook(stopper);

        System.out.println("Starting PostgreSQL, Redis and Kafka (data in " + home.resolve("data") + ")...");
        holder.infrastructure = Infrastructure.start(
                new Infrastructure.Settings(home.resolve("data"), POSTGRES_PORT, REDIS_PORT, KAFKA_PORT), System.getenv());
        RunState.write(home, ProcessHandle.current().pid(), "https://127.0.0.1:" + ports.gateway(), List.of());
        System.out.println("Starting the five services...");
        try {
            holder.platform = Platform.start(projectRoot, home, holder.infrastructure, ports, Map.of());
        } catch (RuntimeException e) {
            System.out.println("Start failed: " + e.getMessage());
            return 1;
        }
        if (monitoring) {
            holder.prometheus = LocalPrometheus.start(projectRoot, home, Map.of(
                    "account-service", Ports.LOOPBACK + ":" + ports.account(),
                    "transaction-service", Ports.LOOPBACK + ":" + ports.transaction(),
                    "payment-gateway-service", Ports.LOOPBACK + ":" + ports.payment(),
                    "cache-service", Ports.LOOPBACK + ":" + ports.cache(),
                    "gateway", Ports.LOOPBACK + ":" + ports.gatewayManagement()), LocalPrometheus.PORT);
        }
        writeRunState(holder);
        LedgerAuditCommand.saveOperator(home.resolve("run"), holder.platform.operators().get(0));
        // As Kubernetes would: a service, PostgreSQL, Redis or Kafka that dies is started again, and ./moolah status
        // counts the restarts.
        holder.servers = holder.infrastructure.restartable();
        holder.platform.supervise(holder.servers, line -> {
            System.out.println("[moolah] " + line);
            writeRunState(holder);
        });
        double seconds = (System.nanoTime() - started) / 1e9;

        System.out.printf("""

                Moolah is up (all five services ready in %.1f s).

                  Gateway        %s/api/v1   (trust %s)
                  Services       account 127.0.0.1:%d, transaction :%d, payment :%d, cache :%d, gateway health :%d
                  Servers        PostgreSQL :%d, Redis :%d, Kafka :%d
                  Simulators     Peach Payments %s (pay a checkout: POST /__sim/peach/checkouts/{checkoutId}/outcome)
                                 Zapper %s (QR codes like http://2.zap.pe?t=6&i=817:463:7[34|10.00:10[38|Central Perk,39|ZAR)
                  Operators      (POST /api/v1/admin/auth/login {operatorId, passphrase, otp}; new every start;
                                 add the TOTP secret to an authenticator app, or: ./moolah otp <secret>)
                  %s
                  Logs           %s
                  Data           %s   (./moolah up --reset or ./moolah reset wipes it)%s

                Stop with Ctrl-C (or ./moolah down from another terminal).
                %n""", seconds, holder.platform.gatewayUrl(), home.resolve("tls/gateway.crt"),
                ports.account(), ports.transaction(), ports.payment(), ports.cache(), ports.gatewayManagement(),
                POSTGRES_PORT, REDIS_PORT, KAFKA_PORT, holder.platform.peach().baseUrl(), holder.platform.zapper().baseUrl(),
                operatorLines(holder.platform.operators()), home.resolve("logs"), home.resolve("data"),
                holder.prometheus == null ? "" : "\n  Prometheus     " + holder.prometheus.url()
                        + "   (the alert rules of k8s/monitoring; GET /api/v1/alerts)");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private void writeRunState(Holder holder) {
        List<Long> pids = new ArrayList<>(holder.platform.services().values().stream().map(ServiceProcess::pid).toList());
        pids.add(holder.infrastructure.hasLocalKafka() ? holder.infrastructure.kafka().pid() : -1);
        if (holder.prometheus != null) {
            pids.add(holder.prometheus.pid());
        }
        Map<String, Integer> restarts = new LinkedHashMap<>();
        holder.platform.services().forEach((name, service) -> restarts.put(name, service.restarts()));
        holder.servers.forEach(server -> restarts.put(server.name(), server.restarts()));
        RunState.write(home, ProcessHandle.current().pid(), holder.platform.gatewayUrl(), pids, restarts);
    }

    private int down() {
        RunState running = RunState.read(home);
        if (running == null || !running.launcherAlive()) {
            System.out.println("Moolah is not running.");
            if (running != null) {
                running.killLeftovers();
                RunState.delete(home);
            }
            return 0;
        }
        System.out.println("Stopping Moolah (launcher pid " + running.launcherPid() + ")...");
        ProcessHandle.of(running.launcherPid()).ifPresent(ProcessHandle::destroy);
        Await.until("the launcher to stop", java.time.Duration.ofSeconds(90), () -> !running.launcherAlive());
        System.out.println("Stopped.");
        return 0;
    }

    private int status() {
        RunState running = RunState.read(home);
        if (running == null || !running.launcherAlive()) {
            System.out.println("Moolah is not running.");
            return 1;
        }
        System.out.println("Moolah is running: gateway " + running.gatewayUrl() + ", launcher pid " + running.launcherPid());
        running.describe().forEach((name, line) -> System.out.println("  " + name + "  " + line));
        return 0;
    }

    private int audit() {
        RunState running = RunState.read(home);
        if (running == null || !running.launcherAlive()) {
            System.out.println("Moolah is not running: start it with ./moolah up.");
            return 2;
        }
        return new LedgerAuditCommand(running.gatewayUrl(), home.resolve("tls/gateway.crt"), home.resolve("run"), System.out).run();
    }

    private int reset() {
        RunState running = RunState.read(home);
        if (running != null && running.launcherAlive()) {
            System.out.println("Moolah is running; stop it first (Ctrl-C or ./moolah down).");
            return 1;
        }
        wipeData();
        return 0;
    }

    private void wipeData() {
        Files2.deleteRecursively(home.resolve("data"));
        Files2.deleteRecursively(home.resolve("logs"));
        Files2.deleteRecursively(home.resolve("tls"));
        System.out.println("Wiped " + home.resolve("data") + ", logs and tls.");
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** What has been started so far, so a Ctrl-C at any moment stops exactly that. */
    private static final class Holder {
        /** PostgreSQL, Redis and Kafka as the supervisor restarts them. */
        List<Restartable> servers = List.of();
        volatile Infrastructure infrastructure;
        volatile Platform platform;
        volatile LocalPrometheus prometheus;

        synchronized void stop() {
            if (prometheus != null) {
                prometheus.close();
                prometheus = null;
            }
            if (platform != null) {
                platform.close();
                platform = null;
            }
            if (infrastructure != null) {
                infrastructure.close();
                infrastructure = null;
            }
        }
    }

    /** {@code run/state.properties}: the launcher's pid, the gateway URL and the child pids. */
    record RunState(long launcherPid, String gatewayUrl, List<Long> childPids, Map<String, Integer> restarts) {
        static Path file(Path home) {
            return home.resolve("run").resolve("state.properties");
        }

        static RunState read(Path home) {
            Path file = file(home);
            if (!Files.exists(file)) {
                return null;
            }
            Properties properties = new Properties();
            try (var in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                return null;
            }
            List<Long> children = new ArrayList<>();
            for (String pid : properties.getProperty("children", "").split(",")) {
                if (!pid.isBlank()) {
                    children.add(Long.parseLong(pid.trim()));
                }
            }
            Map<String, Integer> restarts = new LinkedHashMap<>();
            for (String pair : properties.getProperty("restarts", "").split(",")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    restarts.put(pair.substring(0, equals), Integer.parseInt(pair.substring(equals + 1)));
                }
            }
            return new RunState(Long.parseLong(properties.getProperty("launcher", "-1")),
                    properties.getProperty("gateway", "?"), children, restarts);
        }

        static void write(Path home, long launcherPid, String gatewayUrl, List<Long> children) {
            write(home, launcherPid, gatewayUrl, children, Map.of());
        }

        static void write(Path home, long launcherPid, String gatewayUrl, List<Long> children, Map<String, Integer> restarts) {
            Properties properties = new Properties();
            properties.setProperty("restarts", String.join(",", restarts.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + entry.getValue()).toList()));
            properties.setProperty("launcher", String.valueOf(launcherPid));
            properties.setProperty("gateway", gatewayUrl);
            properties.setProperty("children", String.join(",", children.stream().map(String::valueOf).toList()));
            try {
                Files.createDirectories(file(home).getParent());
                try (var out = Files.newOutputStream(file(home))) {
                    properties.store(out, "written by ./moolah up; removed when it stops");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void delete(Path home) {
            try {
                Files.deleteIfExists(file(home));
            } catch (IOException e) {
                // Nothing to do: a stale file is recognised by its dead launcher pid.
            }
        }

        boolean launcherAlive() {
            return ProcessHandle.of(launcherPid).map(ProcessHandle::isAlive).orElse(false);
        }

        /** After a launcher was killed outright: its children may still run; stop them. */
        void killLeftovers() {
            for (long pid : childPids) {
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(process -> {
                    System.out.println("Stopping leftover process " + pid + " from an earlier run.");
                    process.destroyForcibly();
                });
            }
        }

        Map<String, String> describe() {
            Map<String, String> lines = new LinkedHashMap<>();
            String[] names = {Platform.ACCOUNT, Platform.TRANSACTION, Platform.PAYMENT, Platform.CACHE, Platform.GATEWAY, "kafka"};
            for (int i = 0; i < childPids.size() && i < names.length; i++) {
                long pid = childPids.get(i);
                lines.put(String.format("%-24s", names[i]), "pid " + pid + ", resident memory " + residentMemory(pid)
                        + ", restarts " + restarts.getOrDefault(names[i], 0));
            }
            for (String server : List.of("postgresql", "redis")) {
                if (restarts.containsKey(server)) {
                    lines.put(String.format("%-24s", server), "restarts " + restarts.get(server));
                }
            }
            return lines;
        }

        static String residentMemory(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                        return (kib / 1024) + " MiB";
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return "gone";
            }
            return "?";
        }
    }
}
