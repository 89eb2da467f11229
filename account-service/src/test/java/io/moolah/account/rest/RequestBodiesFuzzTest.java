package io.moolah.account.rest;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.moolah.account.service.FullNames;
import io.moolah.account.service.PinPolicy;
import io.moolah.platform.phone.PhoneNumbers;
import io.moolah.platform.web.ProblemException;
import io.moolah.platform.web.StrictJson;

import java.io.CharConversionException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every request body of the account API (registration, sign-in, refresh, operator sign-in, tier and status changes),
 * read as the service reads it (StrictJson) and checked by the rules that need no database: phone number, name, PIN,
 * refresh token. A value, a parsing problem (400 MALFORMED_JSON) or a 4xx problem: never another exception (a 500).
 */
class RequestBodiesFuzzTest {
    private static final ObjectMapper JSON = strict();
    private static final List<Class<?>> BODIES = List.of(Requests.Register.class, Requests.Login.class, Requests.Refresh.class,
            Requests.ChangeTier.class, Requests.ChangeStatus.class, AdminAuthResource.SignInRequest.class);

    @FuzzTest(maxDuration = "10m")
    void anyBodyIsARequestOrA4xx(FuzzedDataProvider data) throws Exception {
        Class<?> type = data.pickValue(BODIES);
        byte[] body = data.consumeRemainingAsBytes();
        Object request;
        try {
            request = JSON.readValue(body, type);
        } catch (JacksonException | CharConversionException malformed) {
            return;
        }
        try {
            check(request);
        } catch (ProblemException problem) {
            assertTrue(problem.status() >= 400 && problem.status() < 500, problem.status() + " " + problem.code());
        }
    }

    private static void check(Object request) {
        if (request instanceof Requests.Register register) {
            String phone = PhoneNumbers.normalise(register.phoneNumber(), "phoneNumber");
            FullNames.normalise(register.fullName());
            PinPolicy.requireStrong(register.pin(), phone);
        } else if (request instanceof Requests.Login login) {
            PhoneNumbers.normalise(login.phoneNumber(), "phoneNumber");
            PinPolicy.requireWellFormed(login.pin());
        } else if (request instanceof Requests.Refresh refresh) {
            Requests.refreshToken(refresh);
        }
    }

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }
}
