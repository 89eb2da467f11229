package io.moolah.localstack;

/**
 * Reads a sample line of Prometheus's text exposition: {@code name{labels} value [timestamp] [# {exemplar} value
 * [timestamp]]}. A traced service adds exemplars (the trace of a recent observation) to its counters and histograms,
 * so the value is the first number after the name and labels, never the line's last.
 */
public final class PrometheusText {
    private PrometheusText() {
    }

    /** The sample's value. */
    public static double value(String line) {
        int labelsEnd = line.indexOf('}');
        int start = labelsEnd >= 0 ? labelsEnd + 1 : line.indexOf(' ');
        String rest = line.substring(start).trim();
        int end = rest.indexOf(' ');
        return Double.parseDouble(end < 0 ? rest : rest.substring(0, end));
    }
}
