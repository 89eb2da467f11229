package io.moolah.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Returning customers for the load test, kept between runs in a file per target: phone number, wallet and the refresh
 * token of the app's session. Most people who open a wallet app are returning customers whose app refreshes its session;
 * only a new customer types a PIN, and each PIN check is an Argon2id hash (tens of milliseconds of CPU and 19 MiB on
 * purpose). Missing customers are signed up before the measured run, a few at a time; a run takes each returning
 * customer once, and writes back the rotated refresh tokens when it ends.
 */
final class CustomerPool {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SIGN_UP_THREADS = 2;
    private static final Duration SIGN_UP_TIMEOUT = Duration.ofMinutes(20);

    /** One customer; its refresh token changes with every refresh. */
    static final class Customer {
        final String phone;
        final String wallet;
        volatile String refreshToken;

        Customer(String phone, String wallet, String refreshToken) {
            this.phone = phone;
            this.wallet = wallet;
            this.refreshToken = refreshToken;
        }
    }

    private final Path file;
    private final List<Customer> customers = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    private CustomerPool(Path file) {
        this.file = file;
    }

    /** The pool in {@code file}, topped up to {@code size} customers by signing new ones up at {@code target}. */
    static CustomerPool prepare(Path file, int size, String target, String pin) {
        CustomerPool pool = new CustomerPool(file);
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    String[] parts = line.trim().split("\\s+");
                    if (parts.length == 3) {
                        pool.customers.add(new Customer(parts[0], parts[1], parts[2]));
                    }
                }
            }
            int missing = size - pool.customers.size();
            if (missing > 0) {
                System.out.printf("Signing up %d returning customers for later runs too (%s), %d at a time...%n", missing, file, SIGN_UP_THREADS);
                pool.signUp(missing, target, pin);
                pool.save();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pool;
    }

    /** The next returning customer of this run, or null when every one is taken. */
    Customer take() {
        int index = next.getAndIncrement();
        return index < customers.size() ? customers.get(index) : null;
    }

    List<Customer> all() {
        return List.copyOf(customers);
    }

    synchronized void save() {
        StringBuilder lines = new StringBuilder();
        for (Customer customer : customers) {
            if (customer.refreshToken != null) {
                lines.append(customer.phone).append(' ').append(customer.wallet).append(' ').append(customer.refreshToken).append('\n');
            }
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void signUp(int count, String target, String pin) {
        HttpClient client = client();
        int prefix = ThreadLocalRandom.current().nextInt(100, 1000);
        ExecutorService threads = Executors.newFixedThreadPool(SIGN_UP_THREADS);
        try {
            List<Future<Customer>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String phone = String.format("+2784%03d%04d", prefix, i);
                futures.add(threads.submit(() -> signUp(client, target, phone, pin)));
            }
            for (Future<Customer> future : futures) {
                Customer customer = future.get(SIGN_UP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (customer != null) {
                    customers.add(customer);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("signing up the load test's customers failed: " + e.getMessage(), e);
        } finally {
            threads.shutdownNow();
        }
    }

    private static Customer signUp(HttpClient client, String target, String phone, String pin) throws IOException, InterruptedException {
        JsonNode registered = post(client, target + "/api/v1/auth/register",
                "{\"phoneNumber\":\"" + phone + "\",\"fullName\":\"Returning Customer\",\"pin\":\"" + pin + "\"}");
        JsonNode login = post(client, target + "/api/v1/auth/login", "{\"phoneNumber\":\"" + phone + "\",\"pin\":\"" + pin + "\"}");
        if (registered == null || login == null) {
            return null;
        }
        return new Customer(phone, registered.path("walletId").asText(), login.path("refreshToken").asText());
    }

    private static JsonNode post(HttpClient client, String url, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() / 100 == 2 ? JSON.readTree(response.body()) : null;
    }

    /** Trusts any certificate, as Gatling does: the local gateway's is a development one made at start. */
    private static HttpClient client() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[]{new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
