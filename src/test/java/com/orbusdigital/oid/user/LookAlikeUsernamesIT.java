package com.orbusdigital.oid.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.Responses;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 9: "admin", "ａｄｍｉｎ" (fullwidth), "аdmin" (Cyrillic а) and "admın" (dotless ı) are
 * no longer four users of one tenant. Usernames are enforced as RFC 8265 UsernameCaseMapped, mixed
 * scripts are refused, and a username whose UTS #39 skeleton is taken in the tenant is too similar;
 * sign-in enforces what was typed the same way.
 */
@OidIT
class LookAlikeUsernamesIT {

    private static final String FULLWIDTH = "ａｄｍｉｎ";
    private static final String CYRILLIC = "\u0430dmin";
    private static final String DOTLESS = "adm\u0131n";

    private RunningOid oid;

    private SignInScenario scenario;
    private AdminClient admin;

    @BeforeEach
    void setUp() throws Exception {
        scenario = SignInScenario.create(oid.root(), oid.issuer(), "https://app.example/callback", "public", "");
        admin = scenario.admin;
    }

    private Http.Response create(String tenant, String username, String email) {
        return admin.post("admin/tenants/" + tenant + "/users", "{\"username\":\"" + username + "\""
                + (email == null ? "" : ",\"email\":\"" + email + "\"") + ",\"password\":\"" + SignInScenario.PASSWORD + "\"}");
    }

    private static JsonNode problem(Http.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        return response.json();
    }

    @Test
    void inOneTenantTheFullwidthAdminIsTheSameUserTheCyrillicOneMixesScriptsAndTheDotlessOneIsTooSimilar() {
        Http.Response created = create(scenario.tenant, "Admin", null);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("username").asText()).isEqualTo("admin");

        assertThat(problem(create(scenario.tenant, FULLWIDTH, null), 409).path("detail").asText())
                .isEqualTo("Username 'admin' is already taken in this tenant.");
        assertThat(problem(create(scenario.tenant, CYRILLIC, null), 400).path("errors").path("username").asText())
                .startsWith("mixes scripts").doesNotContain(CYRILLIC);
        assertThat(problem(create(scenario.tenant, DOTLESS, null), 409).path("detail").asText())
                .isEqualTo("Username '" + DOTLESS + "' is too similar to an existing username in this tenant.");
        // a digit one is not a letter i: similar to the eye, but not confusable by UTS #39's data
        Http.Response digit = create(scenario.tenant, "ADM1N", null);
        assertThat(digit.status()).as(digit.body()).isEqualTo(201);

        JsonNode users = admin.get("admin/tenants/" + scenario.tenant + "/users").json();
        assertThat(users.path("items")).extracting(user -> user.path("username").asText())
                .containsExactlyInAnyOrder(scenario.username, "admin", "adm1n");
    }

    @Test
    void inOtherTenantsTheSameNamesAreAllowedUnlessTheyMixScripts() {
        create(scenario.tenant, "admin", null);
        String other = admin.createTenant("lookalike");
        String third = admin.createTenant("lookalike");

        Http.Response dotless = create(other, DOTLESS, null);
        assertThat(dotless.status()).as(dotless.body()).isEqualTo(201);
        assertThat(dotless.json().path("username").asText()).isEqualTo(DOTLESS);
        Http.Response fullwidth = create(third, FULLWIDTH, null);
        assertThat(fullwidth.status()).as(fullwidth.body()).isEqualTo(201);
        assertThat(fullwidth.json().path("username").asText()).isEqualTo("admin");
        problem(create(other, CYRILLIC, null), 400);
        problem(create(third, CYRILLIC, null), 400);
    }

    @Test
    void signingInAsFullwidthAdminSignsInAsAdminAndTheCyrillicOneFindsNobody() throws Exception {
        String adminId = create(scenario.tenant, "admin", null).json().path("id").asText();

        JsonNode tokens = Responses.signedInAs(scenario, new UserAgent(), "ＡＤＭＩＮ");
        assertThat(Responses.idToken(tokens).getSubject()).isEqualTo(adminId);
        // the profile's claims are userinfo's (OIDC Core §5.4)
        Http.Response userinfo = Http.get(scenario.base.resolve("userinfo"), "Authorization",
                "Bearer " + tokens.path("access_token").asText());
        assertThat(userinfo.json().path("preferred_username").asText()).isEqualTo("admin");

        UserAgent agent = new UserAgent();
        Http.Response page = agent.get(scenario.authorizeUri(scenario.authorizationRequest(SignInScenario.Pkce.create())));
        Http.Response cyrillic = agent.submit(page, Map.of("username", CYRILLIC, "password", SignInScenario.PASSWORD));
        assertThat(cyrillic.status()).isEqualTo(200);
        assertThat(cyrillic.header("Location")).isEmpty();
        assertThat(cyrillic.body()).contains("The username or password is not right.");
    }

    @Test
    void emailsAreStoredAndComparedInTheirEnforcedFormAndSignInByEmailMapsToo() throws Exception {
        Http.Response created = create(scenario.tenant, "ada.lovelace", "Ada@Bücher.Example");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("email").asText()).isEqualTo("ada@xn--bcher-kva.example");

        problem(create(scenario.tenant, "ada2", "ＡＤＡ＠xn--bcher-kva.example"), 409);
        assertThat(problem(create(scenario.tenant, "ada3", "\u0430da@example.com"), 400).path("errors").path("email").asText())
                .contains("mixes scripts");
        String path = "admin/tenants/" + scenario.tenant + "/users/" + scenario.userId;
        problem(admin.patch(path, "{\"email\":\"ada@BÜCHER.example\"}"), 409);
        Http.Response patched = admin.patch(path, "{\"email\":\"Ｇｒａｃｅ@Example.COM\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().path("email").asText()).isEqualTo("grace@example.com");

        JWTClaimsSet id = Responses.idToken(Responses.signedInAs(scenario, new UserAgent(), "ADA@bücher.example"));
        assertThat(id.getSubject()).isEqualTo(created.json().path("id").asText());
    }
}
