package io.moolah.platform.web;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Map;

/**
 * A request body, read the way every service reads one (StrictJson), is a value or a parsing problem that ProblemMapper
 * answers 400 (a Jackson exception, or a CharConversionException for bytes in an encoding Jackson cannot read, which
 * fuzzing found: see StrictJsonFuzzTestInputs): never another exception, which would be a 500.
 */
class StrictJsonFuzzTest {
    private static final ObjectMapper JSON = strict();

    /** The shape of a money request: text, a whole number, a nested object, a list. */
    public record Sample(String walletId, Long amount, String currency, Map<String, Object> metadata, java.util.List<String> tags) {
    }

    @FuzzTest(maxDuration = "10m")
    void anyBodyIsAValueOrAParsingProblem(byte[] body) throws IOException {
        try {
            JSON.readValue(body, Sample.class);
        } catch (JacksonException | java.io.CharConversionException expected) {
            // 400
        }
        try {
            JSON.readTree(body);
        } catch (JacksonException | java.io.CharConversionException expected) {
            // 400
        }
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }
}
