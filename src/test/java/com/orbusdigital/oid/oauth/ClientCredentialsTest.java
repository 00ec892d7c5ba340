package com.orbusdigital.oid.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ClientCredentialsTest {

    private static FormParameters form(String body) {
        return FormParameters.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsBasicCredentialsFormUrlDecoded() {
        ClientCredentials credentials = ClientCredentials.from(basic("my%3Aclient:s%2Bcret"), form("grant_type=x"));

        assertThat(credentials.method()).isEqualTo(ClientCredentials.Method.CLIENT_SECRET_BASIC);
        assertThat(credentials.clientId()).contains("my:client");
        assertThat(credentials.secret()).contains("s+cret");
    }

    @Test
    void readsPostCredentials() {
        ClientCredentials credentials = ClientCredentials.from(null, form("client_id=app&client_secret=s"));

        assertThat(credentials.method()).isEqualTo(ClientCredentials.Method.CLIENT_SECRET_POST);
        assertThat(credentials.clientId()).contains("app");
    }

    @Test
    void aBareClientIdIsNoAuthentication() {
        ClientCredentials credentials = ClientCredentials.from(null, form("client_id=spa"));

        assertThat(credentials.method()).isEqualTo(ClientCredentials.Method.NONE);
        assertThat(credentials.secret()).isEmpty();
    }

    @Test
    void refusesTwoMethodsAtOnce() {
        assertThatThrownBy(() -> ClientCredentials.from(basic("a:b"), form("client_id=a&client_secret=b")))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_REQUEST));
    }

    @Test
    void refusesABodyClientIdThatDiffersFromBasic() {
        assertThatThrownBy(() -> ClientCredentials.from(basic("a:b"), form("client_id=other")))
                .isInstanceOfSatisfying(OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_REQUEST));
    }

    @Test
    void malformedBasicIsInvalidClientWithABasicChallenge() {
        for (String header : new String[] {"Basic !!!", basic("no-colon"), basic(":secret"), basic("a%zz:b"),
                basic("a%00b:secret"), basic("a:se%0Acret"), basic("a%7F:b")}) {
            assertThatThrownBy(() -> ClientCredentials.from(header, form("")))
                    .isInstanceOfSatisfying(OAuthException.class, e -> {
                        assertThat(e.error()).isEqualTo(OAuthError.INVALID_CLIENT);
                        assertThat(e.challenge()).hasValueSatisfying(c -> assertThat(c).startsWith("Basic "));
                    });
        }
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(ClientCredentials.from(basic("app:hunter2"), form("")).toString()).doesNotContain("hunter2");
    }
}
