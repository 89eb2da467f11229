package io.moolah.localstack;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrometheusTextTest {

    @Test
    void theValueIsReadWithOrWithoutTimestampAndExemplar() {
        assertEquals(12.0, PrometheusText.value("moolah_cache_requests_total{layer=\"l1\",outcome=\"hit\"} 12.0"));
        assertEquals(12.0, PrometheusText.value("moolah_cache_requests_total{layer=\"l1\"} 12.0 1733520000000"));
        assertEquals(12.0, PrometheusText.value(
                "moolah_cache_requests_total{layer=\"l1\"} 12.0 # {span_id=\"00f067aa0ba902b7\",trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\"} 1.0 1733520000.123"));
        assertEquals(3.5, PrometheusText.value("process_cpu_usage 3.5"));
        assertEquals(7.0, PrometheusText.value("with_spaces{a=\"x y\"} 7"));
    }
}
