package com.orbusdigital.oid.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.config.Secret;
import com.orbusdigital.oid.crypto.RandomValues;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdentityProviderViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "upstream-secret-value";

    @Test
    void theViewSaysASecretIsSetWithoutItAndGivesTheUrisToRegister() throws Exception {
        ProviderSettings settings = IdentityProviderSpec.forCreate(JSON.readTree("""
                {"alias":"entra","display_name":"Contoso","issuer":"https://login.microsoftonline.com/t/v2.0","client_id":"app",\
                "client_secret":"%s","domains":["contoso.com"]}""".formatted(SECRET)), name -> true).settings();
        IdentityProvider provider = new IdentityProvider(UUID.randomUUID(), settings, Instant.parse("2026-12-08T03:00:00Z"));
        ProviderSecretSeal seal = new ProviderSecretSeal(RandomValues.bytes(32));
        provider.setSealedSecret(seal.seal(provider.id(), new Secret(SECRET)));

        String text = JSON.writeValueAsString(IdentityProviderView.of(provider, new Issuer("https://oid.example.com/")));
        JsonNode view = JSON.readTree(text);

        assertThat(text).doesNotContain(SECRET).doesNotContain("\"client_secret\"");
        assertThat(view.path("client_secret_set").asBoolean()).isTrue();
        assertThat(view.path("redirect_uri").asText())
                .isEqualTo("https://oid.example.com/login/federation/" + provider.id() + "/callback");
        assertThat(view.path("backchannel_logout_uri").asText())
                .isEqualTo("https://oid.example.com/login/federation/" + provider.id() + "/backchannel-logout");
        assertThat(view.path("claims").path("username").asText()).isEqualTo("preferred_username");
        assertThat(view.path("claims").has("roles")).isFalse();
        assertThat(view.path("domains")).extracting(JsonNode::asText).containsExactly("contoso.com");
        assertThat(view.path("created_at").asText()).isEqualTo("2026-12-08T03:00:00Z");

        provider.apply(IdentityProviderSpec.forUpdate(JSON.readTree("{\"client_auth\":\"private_key_jwt\"}"), settings, true,
                name -> true).settings(), Instant.parse("2026-12-08T04:00:00Z"));
        assertThat(provider.hasSecret()).isFalse();
        assertThat(JSON.readTree(JSON.writeValueAsString(IdentityProviderView.of(provider, new Issuer("https://oid.example.com"))))
                .path("client_secret_set").asBoolean()).isFalse();
    }
}
