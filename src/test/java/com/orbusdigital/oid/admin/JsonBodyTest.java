package com.orbusdigital.oid.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    @Test
    void contentAfterTheObjectIsRefused() {
        for (String body : List.of("{\"name\":\"a\"} {\"name\":\"b\"}", "{}{}", "{} 1", "{}]", "{}}", "{} x", "{} \"text\"",
                "{} null", "{} /* comment */", "{}\u0000")) {
            ProblemException problem = catchThrowableOfType(() -> read(body), ProblemException.class);

            assertThat(problem).as(body).isNotNull();
            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.detail()).as(body).isEqualTo("The body must be exactly one JSON object.");
        }
    }

    @Test
    void whiteSpaceAroundTheObjectIsNoContent() {
        assertThat(read(" \r\n\t{\"name\":\"a\"} \r\n\t").path("name").asText()).isEqualTo("a");
    }

    @Test
    void aBrokenObjectIsStillInvalidJsonWithItsPosition() {
        ProblemException problem = catchThrowableOfType(() -> read("{\"name\":}"), ProblemException.class);

        assertThat(problem.detail()).startsWith("The body is not valid JSON (line 1, column");
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String body) {
        return JsonBody.read("application/json", new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
