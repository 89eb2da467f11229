package io.moolah.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.gateway.config.GatewaySettings;
import io.moolah.platform.security.ServiceCredential;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The sessions revoked lately (logout, a reused refresh token), asked of the account-service every
 * {@code moolah.gateway.revocations.interval} (500 ms) on its internal path; their access tokens are refused with 401
 * {@code TOKEN_REVOKED} from then on, instead of living out their 15 minutes. Every gateway replica keeps the same list
 * from the same source. The look-up on each request is a set's, on the event loop. While the account-service cannot be
 * asked, the last list stays in force.
 */
@Singleton
public class RevokedSessions {
    private static final Logger LOG = Logger.getLogger(RevokedSessions.class);

    @Inject
    GatewaySettings settings;

    @Inject
    ServiceCredential credential;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private volatile Set<String> revoked = Set.of();
    private ScheduledExecutorService poller;
    private int next;

    void start(@Observes StartupEvent event) {
        poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "revoked-sessions");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.revocations().interval().toMillis();
        poller.scheduleWithFixedDelay(this::refresh, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    public boolean isRevoked(String sessionId) {
        return sessionId != null && revoked.contains(sessionId);
    }

    void refresh() {
        List<String> urls = settings.upstreams().get("account").urls();
        String base = urls.get(Math.floorMod(next++, urls.size()));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/internal/v1/revoked-sessions"))
                    .timeout(Duration.ofSeconds(2)).header("Authorization", credential.header()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.debugf("revoked sessions: %s answered %d", base, response.statusCode());
                return;
            }
            JsonNode sessions = json.readTree(response.body()).path("sessions");
            if (!sessions.isArray()) {
                return;
            }
            Set<String> fresh = new HashSet<>();
            sessions.forEach(session -> fresh.add(session.asText()));
            revoked = Set.copyOf(fresh);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debugf("revoked sessions not refreshed from %s: %s", base, e.toString());
        }
    }
}
