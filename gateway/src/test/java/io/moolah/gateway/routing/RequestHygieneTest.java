package io.moolah.gateway.routing;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestHygieneTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "application/json|true", "application/json; charset=utf-8|true", "APPLICATION/JSON|true",
            "application/problem+json|true", "text/plain|false", "application/x-www-form-urlencoded|false",
            "application/jsonp|false", "|false"})
    void jsonContentTypes(String type, boolean json) {
        assertEquals(json, RequestHygiene.isJson(type));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "{\"a\":[1,2,{\"b\":null}]}", " {\"a\":1} ", "\"text\"", "12"})
    void wellFormed(String body) {
        assertEquals(true, RequestHygiene.isWellFormed(Buffer.buffer(body)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":}", "{\"a\":1}}", "{} {}", "[1,2", "nope", "{'a':1}", "{\"a\":1,}"})
    void malformed(String body) {
        assertEquals(false, RequestHygiene.isWellFormed(Buffer.buffer(body)));
    }
}
