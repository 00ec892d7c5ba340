package com.orbusdigital.oid.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    private static Fields fields(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return new Fields(node, Set.of("name"));
    }
}
