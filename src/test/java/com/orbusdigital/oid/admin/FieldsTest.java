package com.orbusdigital.oid.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anUnpairedSurrogateEscapeIsRefusedInStringsAndStringArrays() throws Exception {
        for (String escape : new String[] {"\\ud800", "\\udfff", "x\\ud83d", "\\ude00x", "\\ud83d\\ud83d"}) {
            Fields name = fields("{\"name\":\"" + escape + "\"}");
            assertThat(name.string("name", true, 200)).isEmpty();
            assertThatThrownBy(name::throwIfInvalid).isInstanceOf(ProblemException.class);

            Fields uris = fields("{\"name\":[\"https://app.example/" + escape + "\"]}");
            assertThat(uris.strings("name", 20, 2000)).isEmpty();
            assertThatThrownBy(uris::throwIfInvalid).isInstanceOf(ProblemException.class);
        }
    }

    @Test
    void surrogatePairsAreCharactersLikeAnyOther() throws Exception {
        Fields fields = fields("{\"name\":\"\\ud83d\\ude00 ok \uD83D\uDE00\"}");

        assertThat(fields.string("name", true, 200)).contains("\uD83D\uDE00 ok \uD83D\uDE00");
        fields.throwIfInvalid();
    }

    @Test
    void aProblemListsTwentyFieldErrorsAtMostKnownFieldsFirstAndCountsTheRest() throws Exception {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 6000; i++) {
            json.append("\"f").append(i).append("\":0,");
        }
        Fields fields = fields(json.append("\"name\":7}").toString());
        assertThat(fields.string("name", true, 200)).isEmpty();

        ProblemException problem = catchThrowableOfType(fields::throwIfInvalid, ProblemException.class);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.errors()).hasSize(20);
        assertThat(problem.errors().entrySet().iterator().next()).isEqualTo(Map.entry("name", "must be a string"));
        assertThat(problem.errors()).containsEntry("f0", "is not a known field").containsEntry("f18", "is not a known field");
        assertThat(problem.errorsNotListed()).isEqualTo(6001 - 20);
        assertThat(problem.detail()).isEqualTo("The request has 6001 invalid fields; the first 20 are listed.");
    }

    @Test
    void aFewFieldErrorsAreAllListedInTheOrderFound() throws Exception {
        Fields fields = new Fields(JSON.readTree("{\"b\":1,\"name\":7,\"a\":2}"), Set.of("name"));
        fields.string("name", true, 200);

        ProblemException problem = catchThrowableOfType(fields::throwIfInvalid, ProblemException.class);

        assertThat(problem.errors().keySet()).containsExactly("name", "b", "a");
        assertThat(problem.errorsNotListed()).isZero();
        assertThat(problem.detail()).isEqualTo("The request has invalid fields.");
    }

    private static Fields fields(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return new Fields(node, Set.of("name"));
    }
}
