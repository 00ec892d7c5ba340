package com.orbusdigital.oid.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class IfMatchTest {

    @Test
    void noHeaderLetsEveryChangeThrough() {
        assertThatCode(() -> IfMatch.parse(null).check(7, "Client 'a'")).doesNotThrowAnyException();
        assertThatCode(() -> IfMatch.parse(List.of()).check(7, "Client 'a'")).doesNotThrowAnyException();
    }

    @Test
    void aStarMatchesWhateverExists() {
        assertThatCode(() -> IfMatch.parse(List.of("*")).check(0, "Client 'a'")).doesNotThrowAnyException();
        assertThatCode(() -> IfMatch.parse(List.of(" * ")).check(42, "Client 'a'")).doesNotThrowAnyException();
    }

    @Test
    void theCurrentTagAnywhereInTheListMatches() {
        for (List<String> header : List.of(List.of("\"7\""), List.of("\"1\", \"7\""), List.of("\"1\",\"7\",\"9\""),
                List.of("\"1\"", "\"7\""), List.of(" \"7\" "), List.of(", \"7\" ,"), List.of("\"x,y\", \"7\""))) {
            assertThatCode(() -> IfMatch.parse(header).check(7, "Client 'a'")).as(header.toString()).doesNotThrowAnyException();
        }
    }

    @Test
    void anotherOrAWeakTagIsAPreconditionFailure() {
        for (List<String> header : List.of(List.of("\"6\""), List.of("W/\"7\""), List.of("\"6\", W/\"7\""), List.of("\"07\""))) {
            ProblemException problem = catchThrowableOfType(() -> IfMatch.parse(header).check(7, "Client 'a'"),
                    ProblemException.class);

            assertThat(problem).as(header.toString()).isNotNull();
            assertThat(problem.status()).isEqualTo(412);
            assertThat(problem.detail()).isEqualTo("Client 'a' has changed since the ETag given in If-Match: read it again.");
        }
    }

    @Test
    void aMalformedHeaderIsABadRequest() {
        for (List<String> header : List.of(List.of("7"), List.of(""), List.of(","), List.of("\"7"), List.of("\"7\" \"8\""),
                List.of("\"7\"x"), List.of("W/7"), List.of("w/\"7\""), List.of("*, \"7\""), List.of("*", "\"7\""), List.of("**"),
                List.of("\"a\u0001\""), List.of("\"a\"\"b\""),
                List.of("\"7 \""))) {
            ProblemException problem = catchThrowableOfType(() -> IfMatch.parse(header), ProblemException.class);

            assertThat(problem).as(header.toString()).isNotNull();
            assertThat(problem.status()).isEqualTo(400);
            assertThat(problem.detail()).startsWith("If-Match must be");
        }
    }
}
