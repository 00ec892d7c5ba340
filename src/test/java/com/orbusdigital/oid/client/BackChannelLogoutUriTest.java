package com.orbusdigital.oid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.orbusdigital.oid.admin.ProblemException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 18: a client's backchannel_logout_uri as the admin API takes it (Back-Channel Logout 1.0 §2.2). */
class BackChannelLogoutUriTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode client(String type) {
        ObjectNode body = JSON.createObjectNode().put("name", "Docstore").put("type", type);
        body.putArray("grant_types").add("authorization_code");
        body.putArray("redirect_uris").add("https://docstore.example.com/cb");
        return body;
    }

    private static ClientSpec create(JsonNode body) {
        return ClientSpec.forCreate(body, clientId -> Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://docstore.example.com/oidc/backchannel", "https://docstore.example.com:8443/logout?tenant=acme",
            "http://127.0.0.1:8080/logout", "http://localhost/logout", "http://[::1]:9000/logout"})
    void anHttpsUriOrPlainHttpOnALoopbackHostIsTaken(String uri) {
        for (String type : new String[] {"confidential", "public"}) {
            ClientSpec spec = create(client(type).put("backchannel_logout_uri", uri).put("backchannel_logout_session_required", true));

            assertThat(spec.backchannelLogoutUri()).contains(uri);
            assertThat(spec.backchannelLogoutSessionRequired()).contains(true);
        }
    }

    @Test
    void aUriThatIsNotAnAbsoluteHttpsOneIsAFieldErrorNamingTheRule() {
        assertThat(problem("http://docstore.example.com/logout")).isEqualTo("must use https (http is allowed only on a loopback host)");
        assertThat(problem("https://docstore.example.com/logout#here")).isEqualTo("must not contain a fragment");
        assertThat(problem("/logout")).isEqualTo("must be an absolute URI");
        assertThat(problem("https://user:pw@docstore.example.com/logout")).isEqualTo("must not contain user information");
        assertThat(problem("https://*.example.com/logout")).isEqualTo("must not contain wildcards");
        // a native app's private-use scheme is a browser's business: OID itself POSTs to this URI
        assertThat(problem("com.example.app:/logout")).startsWith("must use https");
        assertThat(problem("x".repeat(2001))).isEqualTo("must be at most 2000 characters");
    }

    @Test
    void aChangeRemovesTheUriWithNullOrAnEmptyStringAndLeavesItAloneWhenAbsent() {
        assertThat(create(client("confidential").putNull("backchannel_logout_uri")).backchannelLogoutUri()).contains(ClientSpec.NO_URI);
        assertThat(create(client("confidential").put("backchannel_logout_uri", "")).backchannelLogoutUri()).contains(ClientSpec.NO_URI);
        ClientSpec absent = create(client("confidential"));
        assertThat(absent.backchannelLogoutUri()).isEmpty();
        assertThat(absent.backchannelLogoutSessionRequired()).isEmpty();
    }

    @Test
    void sessionRequiredMustBeABoolean() {
        assertThatThrownBy(() -> create(client("confidential").put("backchannel_logout_session_required", "yes")))
                .isInstanceOfSatisfying(ProblemException.class,
                        problem -> assertThat(problem.errors()).containsKey("backchannel_logout_session_required"));
    }

    private static String problem(String uri) {
        try {
            create(client("confidential").put("backchannel_logout_uri", uri));
        } catch (ProblemException refused) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.errors()).containsOnlyKeys("backchannel_logout_uri");
            return refused.errors().get("backchannel_logout_uri");
        }
        throw new AssertionError(uri + " was taken");
    }
}
