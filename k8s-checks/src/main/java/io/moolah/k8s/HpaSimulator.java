package io.moolah.k8s;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * The HorizontalPodAutoscaler's algorithm for one CPU utilisation metric, as the Kubernetes controller runs it
 * (pkg/controller/podautoscaler: {@code replica_calculator.go} and {@code horizontal.go}, behaviour-based
 * normalisation): every sync period, desired = ceil(current x utilisation / target) unless the ratio is within the
 * tolerance; then stabilisation (scale up to the lowest, down to the highest recommendation within each direction's
 * window); then the {@code behavior} policies, which bound the change per period counting the changes already made in
 * it; then min and max. Pods are assumed ready at once (the real controller also waits for new pods' CPU samples).
 */
public final class HpaSimulator {
    public static final int SYNC_PERIOD_SECONDS = 15;
    public static final double TOLERANCE = 0.1;

    public record Policy(String type, int value, int periodSeconds) {
    }

    public record Rules(int stabilizationWindowSeconds, String selectPolicy, List<Policy> policies) {
    }

    public record Settings(String name, int minReplicas, int maxReplicas, int targetUtilization, Rules scaleUp, Rules scaleDown) {
    }

    /** One sync: the observed utilisation, the raw recommendation, and the replicas it ends with. */
    public record Tick(int second, double utilization, int recommended, int replicas) {
    }

    private record Recommendation(int second, int replicas) {
    }

    private record ScaleEvent(int second, int change) {
    }

    private final Settings settings;

    public HpaSimulator(Settings settings) {
        this.settings = settings;
    }

    /** Reads the settings of a CPU-utilisation HPA; the defaults are the API's for a missing {@code behavior}. */
    public static Settings settingsOf(HorizontalPodAutoscaler hpa) {
        MetricSpec cpu = hpa.getSpec().getMetrics().stream()
                .filter(metric -> "Resource".equals(metric.getType()) && "cpu".equals(metric.getResource().getName()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(hpa.getMetadata().getName() + " has no CPU metric"));
        var behavior = hpa.getSpec().getBehavior();
        Rules up = rules(behavior == null ? null : behavior.getScaleUp(), 0, "Max",
                List.of(new Policy("Percent", 100, 15), new Policy("Pods", 4, 15)));
        Rules down = rules(behavior == null ? null : behavior.getScaleDown(), 300, "Max",
                List.of(new Policy("Percent", 100, 15)));
        return new Settings(hpa.getMetadata().getName(), hpa.getSpec().getMinReplicas(), hpa.getSpec().getMaxReplicas(),
                cpu.getResource().getTarget().getAverageUtilization(), up, down);
    }

    private static Rules rules(HPAScalingRules rules, int defaultWindow, String defaultSelect, List<Policy> defaultPolicies) {
        if (rules == null) {
            return new Rules(defaultWindow, defaultSelect, defaultPolicies);
        }
        List<Policy> policies = rules.getPolicies() == null || rules.getPolicies().isEmpty() ? defaultPolicies
                : rules.getPolicies().stream().map(HpaSimulator::policy).toList();
        return new Rules(rules.getStabilizationWindowSeconds() == null ? defaultWindow : rules.getStabilizationWindowSeconds(),
                rules.getSelectPolicy() == null ? defaultSelect : rules.getSelectPolicy(), policies);
    }

    private static Policy policy(HPAScalingPolicy policy) {
        return new Policy(policy.getType(), policy.getValue(), policy.getPeriodSeconds());
    }

    /**
     * Replays {@code utilizationAt(second)} (the pods' average CPU as a percentage of their request) for
     * {@code seconds}, starting from {@code initialReplicas}.
     */
    public List<Tick> replay(int initialReplicas, int seconds, IntToDoubleFunction utilizationAt) {
        List<Tick> ticks = new ArrayList<>();
        List<Recommendation> recommendations = new ArrayList<>();
        List<ScaleEvent> events = new ArrayList<>();
        int replicas = initialReplicas;
        for (int now = 0; now <= seconds; now += SYNC_PERIOD_SECONDS) {
            double utilization = utilizationAt.applyAsDouble(now);
            double ratio = utilization / settings.targetUtilization();
            int recommended = Math.abs(1.0 - ratio) <= TOLERANCE ? replicas : (int) Math.ceil(ratio * replicas);
            int stabilized = stabilize(now, replicas, recommended, recommendations);
            int next = limit(now, replicas, stabilized, events);
            if (next != replicas) {
                events.add(new ScaleEvent(now, next - replicas));
            }
            replicas = next;
            ticks.add(new Tick(now, utilization, recommended, replicas));
        }
        return ticks;
    }

    private int stabilize(int now, int current, int recommended, List<Recommendation> recommendations) {
        int upLimit = recommended;
        int downLimit = recommended;
        int upCutoff = now - settings.scaleUp().stabilizationWindowSeconds();
        int downCutoff = now - settings.scaleDown().stabilizationWindowSeconds();
        for (Recommendation past : recommendations) {
            if (past.second() > upCutoff) {
                upLimit = Math.min(upLimit, past.replicas());
            }
            if (past.second() > downCutoff) {
                downLimit = Math.max(downLimit, past.replicas());
            }
        }
        recommendations.removeIf(past -> past.second() <= Math.min(upCutoff, downCutoff));
        recommendations.add(new Recommendation(now, recommended));
        int stabilized = current;
        if (stabilized < upLimit) {
            stabilized = upLimit;
        }
        if (stabilized > downLimit) {
            stabilized = downLimit;
        }
        return stabilized;
    }

    private int limit(int now, int current, int desired, List<ScaleEvent> events) {
        if (desired > current) {
            int limit = Math.max(current, scaleUpLimit(now, current, events));
            return Math.min(desired, Math.min(limit, settings.maxReplicas()));
        }
        if (desired < current) {
            int limit = Math.min(current, scaleDownLimit(now, current, events));
            return Math.max(desired, Math.max(limit, settings.minReplicas()));
        }
        return Math.max(settings.minReplicas(), Math.min(settings.maxReplicas(), desired));
    }

    private int scaleUpLimit(int now, int current, List<ScaleEvent> events) {
        boolean max = !"Min".equals(settings.scaleUp().selectPolicy());
        int result = max ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (Policy policy : settings.scaleUp().policies()) {
            int periodStart = current - added(now, policy.periodSeconds(), events) + removed(now, policy.periodSeconds(), events);
            int proposed = "Pods".equals(policy.type()) ? periodStart + policy.value()
                    : (int) Math.ceil(periodStart * (1 + policy.value() / 100.0));
            result = max ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    private int scaleDownLimit(int now, int current, List<ScaleEvent> events) {
        // For scaling down, the largest change ("Max") is the lowest count.
        boolean largestChange = !"Min".equals(settings.scaleDown().selectPolicy());
        int result = largestChange ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (Policy policy : settings.scaleDown().policies()) {
            int periodStart = current - added(now, policy.periodSeconds(), events) + removed(now, policy.periodSeconds(), events);
            int proposed = "Pods".equals(policy.type()) ? periodStart - policy.value()
                    : (int) (periodStart * (1 - policy.value() / 100.0));
            result = largestChange ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    private static int added(int now, int period, List<ScaleEvent> events) {
        return events.stream().filter(e -> e.second() > now - period && e.change() > 0).mapToInt(ScaleEvent::change).sum();
    }

    private static int removed(int now, int period, List<ScaleEvent> events) {
        return -events.stream().filter(e -> e.second() > now - period && e.change() < 0).mapToInt(ScaleEvent::change).sum();
    }
}
