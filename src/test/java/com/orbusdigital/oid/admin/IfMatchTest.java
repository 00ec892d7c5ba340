package com.orbusdigital.oid.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IfMatchTest {

    private static final UUID ID = UUID.fromString("3f2a9c1e-0000-4000-8000-000000000000");
    private static final UUID RECREATED = UUID.fromString("a1b2c3d4-0000-4000-8000-000000000000");

    @Test
    void noHeaderLetsEveryChangeThrough() {
        assertThatCode(() -> IfMatch.parse(null).check(ID, 7, "Client 'a'")).doesNotThrowAnyException();
        assertThatCode(() -> IfMatch.parse(List.of()).check(ID, 7, "Client 'a'")).doesNotThrowAnyException();
    }

    @Test
    void aStarMatchesWhateverExists() {
        assertThatCode(() -> IfMatch.parse(List.of("*")).check(ID, 0, "Client 'a'")).doesNotThrowAnyException();
        assertThatCode(() -> IfMatch.parse(List.of(" * ")).check(ID, 42, "Client 'a'")).doesNotThrowAnyException();
    }

    @Test
    void theCurrentTagAnywhereInTheListMatches() {
        for (List<String> header : List.of(List.of("\"7-3f2a9c1e\""), List.of("\"1\", \"7-3f2a9c1e\""), List.of("\"1\",\"7-3f2a9c1e\",\"9\""),
                List.of("\"1\"", "\"7-3f2a9c1e\""), List.of(" \"7-3f2a9c1e\" "), List.of(", \"7-3f2a9c1e\" ,"),
                List.of("\"x,y\", \"7-3f2a9c1e\""))) {
            assertThatCode(() -> IfMatch.parse(header).check(ID, 7, "Client 'a'")).as(header.toString()).doesNotThrowAnyException();
        }
    }

    @Test
    void anotherOrAWeakTagIsAPreconditionFailure() {
        for (List<String> header : List.of(List.of("\"6-3f2a9c1e\""), List.of("W/\"7-3f2a9c1e\""), List.of("\"6-3f2a9c1e\", W/\"7-3f2a9c1e\""),
                List.of("\"07-3f2a9c1e\""), List.of("\"7\""))) {
            ProblemException problem = catchThrowableOfType(() -> IfMatch.parse(header).check(ID, 7, "Client 'a'"),
                    ProblemException.class);

            assertThat(problem).as(header.toString()).isNotNull();
            assertThat(problem.status()).isEqualTo(412);
            assertThat(problem.detail()).isEqualTo("Client 'a' has changed since the ETag given in If-Match: read it again.");
        }
    }

    @Test
    void aTagOfAnotherObjectAtTheSameVersionIsAPreconditionFailure() {
        // a stale tag of an object deleted and created again under the same name
        ProblemException problem = catchThrowableOfType(
                () -> IfMatch.parse(List.of(IfMatch.etag(ID, 7).toString())).check(RECREATED, 7, "Role 'billing'"),
                ProblemException.class);

        assertThat(problem).isNotNull();
        assertThat(problem.status()).isEqualTo(412);
    }

    @Test
    void theTagItSendsIsTheTagItMatches() {
        assertThat(IfMatch.etag(ID, 7).toString()).isEqualTo("\"7-3f2a9c1e\"");
        assertThatCode(() -> IfMatch.parse(List.of(IfMatch.etag(ID, 7).toString())).check(ID, 7, "Client 'a'"))
                .doesNotThrowAnyException();
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
