package io.moolah.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.moolah.k8s.Manifests.Manifest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The payment-gateway-service is wired to what it calls: the ledger (URL, network policy both ways, the shared service
 * credential) and the providers (URLs in its ConfigMap, credentials only from a Secret).
 */
class ServiceWiringTest {
    private static final String PAYMENT = "payment-gateway-service";
    private static final String LEDGER = "transaction-service";

    @Test
    void thePaymentServiceReachesTheLedger() throws IOException {
        List<Manifest> payment = Manifests.loadAll(Manifests.root().resolve(PAYMENT));
        List<Manifest> ledger = Manifests.loadAll(Manifests.root().resolve(LEDGER));
        assertEquals("http://transaction-service", config(payment, PAYMENT).get("MOOLAH_PAYMENT_LEDGER_URL"));
        assertTrue(policy(payment, PAYMENT).getSpec().getEgress().stream()
                        .anyMatch(rule -> names(rule.getTo()).contains(LEDGER) && ports(rule.getPorts()).contains(8080)),
                "payment-gateway-service may open connections to the transaction-service");
        assertTrue(policy(ledger, LEDGER).getSpec().getIngress().stream()
                        .anyMatch(rule -> names(rule.getFrom()).contains(PAYMENT) && ports(rule.getPorts()).contains(8080)),
                "the transaction-service accepts connections from payment-gateway-service");
    }

    /** Every service that calls or serves an internal path has the shared service credential, from a Secret. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"payment-gateway-service", "transaction-service", "account-service", "gateway"})
    void theServiceCredentialComesFromASecret(String service) throws IOException {
        assertFromSecret(env(Manifests.loadAll(Manifests.root().resolve(service)), service), "MOOLAH_AUTH_SERVICE_TOKEN", service);
    }

    @Test
    void theProvidersAreConfiguredWithCredentialsFromASecret() throws IOException {
        List<Manifest> payment = Manifests.loadAll(Manifests.root().resolve(PAYMENT));
        Map<String, String> config = config(payment, PAYMENT);
        for (String url : List.of("MOOLAH_PAYMENT_PEACH_BASE_URL", "MOOLAH_PAYMENT_PEACH_NOTIFICATION_URL", "MOOLAH_PAYMENT_ZAPPER_BASE_URL")) {
            assertTrue(config.getOrDefault(url, "").startsWith("https://"), url + " is an HTTPS URL in the ConfigMap");
        }
        List<EnvVar> env = env(payment, PAYMENT);
        for (String secret : List.of("MOOLAH_PAYMENT_PEACH_CLIENT_ID", "MOOLAH_PAYMENT_PEACH_CLIENT_SECRET",
                "MOOLAH_PAYMENT_PEACH_MERCHANT_ID", "MOOLAH_PAYMENT_PEACH_ENTITY_ID", "MOOLAH_PAYMENT_PEACH_SECRET_TOKEN",
                "MOOLAH_PAYMENT_PEACH_WEBHOOK_KEY", "MOOLAH_PAYMENT_ZAPPER_API_KEY", "MOOLAH_PAYMENT_ZAPPER_API_TOKEN",
                "MOOLAH_PAYMENT_ZAPPER_ORGANISATION_ID")) {
            assertFromSecret(env, secret, PAYMENT);
            assertTrue(!config.containsKey(secret), secret + " is never in a ConfigMap");
        }
    }

    private static void assertFromSecret(List<EnvVar> env, String name, String service) {
        assertTrue(env.stream().anyMatch(variable -> variable.getName().equals(name) && variable.getValue() == null
                        && variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null),
                service + ": " + name + " comes from a Secret");
    }

    private static Map<String, String> config(List<Manifest> objects, String service) {
        return one(objects, ConfigMap.class, service + "-config").getData();
    }

    private static List<EnvVar> env(List<Manifest> objects, String service) {
        return one(objects, Deployment.class, service).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    }

    private static NetworkPolicy policy(List<Manifest> objects, String service) {
        return one(objects, NetworkPolicy.class, service);
    }

    private static List<String> names(List<NetworkPolicyPeer> peers) {
        return peers == null ? List.of() : peers.stream().filter(peer -> peer.getPodSelector() != null
                        && peer.getPodSelector().getMatchLabels() != null && peer.getNamespaceSelector() == null)
                .map(peer -> peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name")).toList();
    }

    private static List<Integer> ports(List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort> ports) {
        return ports == null ? List.of() : ports.stream().map(port -> port.getPort().getIntVal()).toList();
    }

    private static <T extends HasMetadata> T one(List<Manifest> objects, Class<T> type, String name) {
        List<T> found = objects.stream().map(Manifest::object).filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).toList();
        assertEquals(1, found.size(), "one " + type.getSimpleName() + " named " + name);
        return found.get(0);
    }
}
