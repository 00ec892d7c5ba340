package com.orbusdigital.oid.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.orbusdigital.oid.testing.AdminClient;
import com.orbusdigital.oid.testing.Browser;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.OutboxRows;
import com.orbusdigital.oid.testing.Problems;
import com.orbusdigital.oid.testing.RelyingParty;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.TestInfrastructure;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The standard claims of OIDC Core §5.1 (issue 17, items 6 and 9): set through the admin API with
 * every value checked (problem+json for bad dates, zones, URLs, huge fields), released by the
 * profile, email, address and phone scopes from userinfo and in the ID token only when the claims
 * parameter asks (after a refresh too), each tenant's users apart, and edited by the user on the
 * account's profile page in Chromium. One tenant, set up once for the class.
 */
@OidIT
class StandardClaimsIT {

    private static final String REDIRECT_URI = "https://app.example/callback";
    /** Every claim set, as the admin API takes it (the phone number spaced: it is stored compact). */
    private static final String EVERY_CLAIM = """
            {"given_name":"Ada <b>Augusta</b>","family_name":"Lovelace","middle_name":"Byron","nickname":"Countess",
             "profile":"https://people.example/ada",
             "picture":"https://pictures.example/ada.png","website":"https://ada.example/","gender":"female",
             "birthdate":"0000-12-10","zoneinfo":"Europe/London","locale":"en-GB","phone_number":"+44 20 7946 0958",
             "phone_number_verified":true,
             "address":{"formatted":"12 St James's Square\\nLondon SW1Y 4JH","street_address":"12 St James's Square",
                        "locality":"London","postal_code":"SW1Y 4JH","country":"United Kingdom"}}""";

    private static SignInScenario scenario;

    private RunningOid oid;

    @BeforeEach
    void setUp() {
        if (scenario == null) {
            scenario = SignInScenario.create(oid.root(), oid.issuer(), REDIRECT_URI, "public", "");
            Http.Response set = scenario.admin.patch(user(scenario.tenant, scenario.userId), EVERY_CLAIM);
            assertThat(set.status()).as(set.body()).isEqualTo(200);
        }
    }

    private static String user(String tenant, String id) {
        return "admin/tenants/" + tenant + "/users/" + id;
    }

    /** The tokens of a sign-in through the login form asking for {@code scope} and, unless null, {@code claims}. */
    private static JsonNode signedIn(String scope, String claims) {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        request.put("scope", scope);
        request.put("nonce", "n-0S6_WzA2Mj");
        if (claims != null) {
            request.put("claims", claims);
        }
        Http.Response tokens = scenario.exchange(scenario.code(scenario.signIn(new UserAgent(), request, SignInScenario.PASSWORD), request),
                pkce);
        assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
        return tokens.json();
    }

    /** Userinfo's answer as a relying party reads it with the Nimbus SDK. */
    private static UserInfo userinfo(OIDCProviderMetadata op, JsonNode tokens) throws Exception {
        return UserInfoResponse.parse(new UserInfoRequest(op.getUserInfoEndpointURI(), new BearerAccessToken(tokens.path("access_token").asText()))
                .toHTTPRequest().send()).toSuccessResponse().getUserInfo();
    }

    /** The ID token, validated by the Nimbus SDK (signature, issuer, audience, nonce). */
    private static IDTokenClaimsSet idToken(OIDCProviderMetadata op, String idToken) throws Exception {
        return new IDTokenValidator(op.getIssuer(), new ClientID(scenario.clientId), JWSAlgorithm.RS256, op.getJWKSetURI().toURL())
                .validate(JWTParser.parse(idToken), new Nonce("n-0S6_WzA2Mj"));
    }

    @Test
    void theClaimsAreReleasedByScopeFromUserinfoAndInTheIdTokenOnlyWhenTheClaimsParameterAsks() throws Exception {
        OIDCProviderMetadata op = new RelyingParty(oid.issuer(), TestInfrastructure.AUDIENCE).metadata();
        assertThat(op.getScopes().toStringList()).contains("openid", "profile", "email", "address", "phone");
        assertThat(op.getClaims()).contains("given_name", "family_name", "middle_name", "nickname", "profile", "picture", "website", "gender",
                "birthdate", "zoneinfo", "locale", "phone_number", "phone_number_verified", "address");

        // every scope: userinfo says everything, the ID token none of it (OIDC Core §5.4: an access token was issued)
        JsonNode all = signedIn("openid profile email address phone", null);
        UserInfo info = userinfo(op, all);
        assertThat(info.getGivenName()).isEqualTo("Ada <b>Augusta</b>");
        assertThat(info.getFamilyName()).isEqualTo("Lovelace");
        assertThat(info.getMiddleName()).isEqualTo("Byron");
        assertThat(info.getNickname()).isEqualTo("Countess");
        assertThat(info.getProfile()).hasToString("https://people.example/ada");
        assertThat(info.getName()).isEqualTo("Ada Lovelace");
        assertThat(info.getPreferredUsername()).isEqualTo(scenario.username);
        assertThat(info.getPicture()).hasToString("https://pictures.example/ada.png");
        assertThat(info.getWebsite()).hasToString("https://ada.example/");
        assertThat(info.getGender().getValue()).isEqualTo("female");
        assertThat(info.getBirthdate()).isEqualTo("0000-12-10");
        assertThat(info.getZoneinfo()).isEqualTo("Europe/London");
        assertThat(info.getLocale()).isEqualTo("en-GB");
        assertThat(info.getUpdatedTime()).isNotNull();
        assertThat(info.getEmailAddress()).isEqualTo(scenario.username + "@example.com");
        assertThat(info.getPhoneNumber()).isEqualTo("+442079460958");
        assertThat(info.getPhoneNumberVerified()).isTrue();
        assertThat(info.getAddress().getFormatted()).isEqualTo("12 St James's Square\nLondon SW1Y 4JH");
        assertThat(info.getAddress().getStreetAddress()).isEqualTo("12 St James's Square");
        assertThat(info.getAddress().getLocality()).isEqualTo("London");
        assertThat(info.getAddress().getRegion()).isNull();
        assertThat(info.getAddress().getPostalCode()).isEqualTo("SW1Y 4JH");
        assertThat(info.getAddress().getCountry()).isEqualTo("United Kingdom");
        IDTokenClaimsSet plain = idToken(op, all.path("id_token").asText());
        for (String claim : List.of("given_name", "family_name", "birthdate", "address", "phone_number", "email", "name")) {
            assertThat(plain.getClaim(claim)).as(claim).isNull();
        }

        // each scope its own claims, no more
        assertThat(userinfo(op, signedIn("openid", null)).toJSONObject()).containsOnlyKeys("sub");
        assertThat(userinfo(op, signedIn("openid address", null)).toJSONObject()).containsOnlyKeys("sub", "address");
        assertThat(userinfo(op, signedIn("openid phone", null)).toJSONObject()).containsOnlyKeys("sub", "phone_number", "phone_number_verified");
        assertThat(userinfo(op, signedIn("openid profile", null)).toJSONObject()).containsOnlyKeys("sub", "name", "given_name",
                "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website", "gender", "birthdate", "zoneinfo",
                "locale", "updated_at");

        // the claims parameter (OIDC Core §5.5) puts them in the ID token, at the code exchange and at every refresh
        JsonNode asked = signedIn("openid offline_access", "{\"id_token\":{\"given_name\":null,\"address\":null,"
                + "\"phone_number\":{\"essential\":true},\"zoneinfo\":{\"value\":\"Asia/Tokyo\"}},\"userinfo\":{\"birthdate\":null}}");
        IDTokenClaimsSet withClaims = idToken(op, asked.path("id_token").asText());
        assertThat(withClaims.getStringClaim("given_name")).isEqualTo("Ada <b>Augusta</b>");
        assertThat(withClaims.getStringClaim("phone_number")).isEqualTo("+442079460958");
        assertThat(withClaims.getJSONObjectClaim("address")).containsEntry("locality", "London");
        assertThat(withClaims.getClaim("zoneinfo")).as("a value the request does not accept is left out").isNull();
        assertThat(userinfo(op, asked).toJSONObject()).containsOnlyKeys("sub", "birthdate");
        Http.Response refreshed = scenario.refresh(asked.path("refresh_token").asText());
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        IDTokenClaimsSet renewed = new IDTokenValidator(op.getIssuer(), new ClientID(scenario.clientId), JWSAlgorithm.RS256,
                op.getJWKSetURI().toURL()).validate(JWTParser.parse(refreshed.json().path("id_token").asText()), null);
        assertThat(renewed.getStringClaim("given_name")).isEqualTo("Ada <b>Augusta</b>");
        assertThat(renewed.getJSONObjectClaim("address")).containsEntry("country", "United Kingdom");

        // a change is seen at once: userinfo reads the user as they are now; a new number is not verified
        Http.Response changed = scenario.admin.patch(user(scenario.tenant, scenario.userId), "{\"phone_number\":\"+33 1 23 45 67 89\"}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("phone_number").asText()).isEqualTo("+33123456789");
        assertThat(changed.json().path("phone_number_verified").isMissingNode()).isTrue();
        UserInfo after = userinfo(op, all);
        assertThat(after.getPhoneNumber()).isEqualTo("+33123456789");
        assertThat(after.getPhoneNumberVerified()).isFalse();
        assertThat(after.getUpdatedTime()).isAfterOrEqualTo(info.getUpdatedTime());
        scenario.admin.patch(user(scenario.tenant, scenario.userId), "{\"phone_number\":\"+44 20 7946 0958\",\"phone_number_verified\":true}");
    }

    @Test
    void theAdminApiRefusesEveryBadValueAsAProblemAndKeepsTenantsApart() {
        AdminClient admin = scenario.admin;
        String users = "admin/tenants/" + scenario.tenant + "/users";
        String huge = "x".repeat(201);
        String refusedName = "hedy-" + UUID.randomUUID().toString().substring(0, 6);
        Http.Response bad = admin.post(users, """
                {"username":"%s","given_name":"%s","birthdate":"1990-02-30","zoneinfo":"Mars/Olympus_Mons",
                 "picture":"javascript:alert(1)","website":"ftp://files.example/","locale":"fr_CA","phone_number":"0123 456",
                 "gender":"%s","nickname":"a\\u0000b","address":{"locality":"<script>alert(1)</script>","planet":"Mars"}}"""
                .formatted(refusedName, huge, "g".repeat(65)));
        Problems.assertProblem(bad, 400);
        JsonNode errors = bad.json().path("errors");
        assertThat(errors.path("given_name").asText()).contains("at most 200");
        assertThat(errors.path("birthdate").asText()).contains("YYYY-MM-DD");
        assertThat(errors.path("zoneinfo").asText()).contains("time zone");
        assertThat(errors.path("picture").asText()).contains("https or http URL");
        assertThat(errors.path("website").asText()).contains("https or http URL");
        assertThat(errors.path("locale").asText()).contains("BCP 47");
        assertThat(errors.path("phone_number").asText()).contains("E.164");
        assertThat(errors.path("gender").asText()).contains("at most 64");
        assertThat(errors.path("nickname").asText()).contains("control characters");
        assertThat(errors.path("address").asText()).contains("unknown member");
        assertThat(admin.get(users + "?q=" + refusedName).json().path("total").asInt()).as("nothing was created").isZero();

        // HTML is text to a JSON API: kept as given (the pages escape it), as the first test's given_name shows
        Http.Response before = admin.get(user(scenario.tenant, scenario.userId));
        Http.Response refused = admin.patch(user(scenario.tenant, scenario.userId), "{\"birthdate\":\"1815\",\"zoneinfo\":\"Europe/Londres\"}");
        Problems.assertProblem(refused, 400);
        assertThat(admin.get(user(scenario.tenant, scenario.userId)).body()).as("a refused change changes nothing").isEqualTo(before.body());
        Http.Response year = admin.patch(user(scenario.tenant, scenario.userId), "{\"birthdate\":\"1815\"}");
        assertThat(year.json().path("birthdate").asText()).isEqualTo("1815");
        Http.Response cleared = admin.patch(user(scenario.tenant, scenario.userId), "{\"birthdate\":null,\"nickname\":\"\"}");
        assertThat(cleared.json().has("birthdate")).isFalse();
        assertThat(cleared.json().has("nickname")).isFalse();
        admin.patch(user(scenario.tenant, scenario.userId), "{\"birthdate\":\"0000-12-10\",\"nickname\":\"Countess\"}");

        // the tenant's profile_editable: names of claims a user may edit, never email or a *_verified claim
        String tenant = "admin/tenants/" + scenario.tenant;
        assertThat(admin.get(tenant).json().path("profile_editable")).extracting(JsonNode::asText).containsExactly("name", "given_name",
                "family_name", "middle_name", "nickname", "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale");
        Problems.assertProblem(admin.patch(tenant, "{\"profile_editable\":[\"name\",\"email\"]}"), 400);
        Problems.assertProblem(admin.patch(tenant, "{\"profile_editable\":[\"phone_number_verified\"]}"), 400);

        // another tenant's administrator neither reads nor changes these claims, nor learns the user exists
        String other = admin.createTenant("claims-other");
        AdminClient outsider = admin.tenantAdmin(other);
        Problems.assertProblem(outsider.get(user(other, scenario.userId)), 404);
        Problems.assertProblem(outsider.patch(user(other, scenario.userId), "{\"given_name\":\"Mallory\"}"), 404);
        assertThat(outsider.patch(user(scenario.tenant, scenario.userId), "{\"given_name\":\"Mallory\"}").status()).isIn(403, 404);
        assertThat(outsider.patch("admin/tenants/" + scenario.tenant, "{\"profile_editable\":[\"address\"]}").status()).isIn(403, 404);
        assertThat(admin.get(user(scenario.tenant, scenario.userId)).json().path("given_name").asText()).isEqualTo("Ada <b>Augusta</b>");
        assertThat(admin.get(tenant).json().path("profile_editable")).hasSize(12);
    }

    @Test
    void inTheBrowserAUserEditsTheirProfileAndSeesBadInputOnThePage() throws Exception {
        // a user of their own, so the claims of the other tests stay as they are
        String username = "grace-" + UUID.randomUUID().toString().substring(0, 6);
        Http.Response created = scenario.admin.post("admin/tenants/" + scenario.tenant + "/users", """
                {"username":"%s","name":"Grace Hopper","password":"%s","phone_number":"+1 212 555 0100","phone_number_verified":true,
                 "address":{"formatted":"1 Main Street\\nWashington","locality":"Washington"}}"""
                .formatted(username, SignInScenario.PASSWORD));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String userId = created.json().path("id").asText();

        try (Browser browser = Browser.start()) {
            WebDriver driver = browser.driver();
            driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(20));
            browser.open(oid.issuer() + "/account?tenant=" + scenario.tenant);
            driver.findElement(By.id("username")).sendKeys(username);
            driver.findElement(By.id("password")).sendKeys(SignInScenario.PASSWORD);
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            // back on the profile page, not the security page: the account client's second redirect URI
            driver.findElement(By.id("claim-given_name"));
            assertThat(driver.getCurrentUrl()).endsWith("/account");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Profile");
            assertThat(driver.findElement(By.id("claim-name")).getAttribute("value")).isEqualTo("Grace Hopper");
            assertThat(driver.findElement(By.id("claim-given_name")).getAttribute("autocomplete")).isEqualTo("given-name");
            assertThat(absent(driver, By.id("claim-phone_number"))).as("not editable by default").isTrue();
            assertThat(absent(driver, By.name("email"))).as("never editable here").isTrue();

            type(driver, "claim-given_name", "Grace <i>Brewster</i>");
            type(driver, "claim-birthdate", "1906-02-30");
            type(driver, "claim-website", "javascript:alert(1)");
            type(driver, "claim-zoneinfo", "America/New_York");
            driver.findElement(By.cssSelector("form button[type=submit]")).click();
            WebElement error = driver.findElement(By.id("claim-birthdate-error"));
            assertThat(error.getText()).contains("real date");
            assertThat(driver.findElement(By.id("claim-birthdate")).getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(driver.findElement(By.id("claim-birthdate")).getAttribute("aria-describedby"))
                    .isEqualTo("claim-birthdate-error claim-birthdate-hint");
            assertThat(driver.findElement(By.id("claim-website-error")).getText()).contains("https://");
            assertThat(driver.findElement(By.cssSelector("[role=alert]")).getText()).contains("need correcting");
            assertThat(driver.findElement(By.id("claim-given_name")).getAttribute("value")).as("what was typed is kept")
                    .isEqualTo("Grace <i>Brewster</i>");
            assertThat(driver.getTitle()).startsWith("Error:");
            assertThat(scenario.admin.get(user(scenario.tenant, userId)).json().has("zoneinfo")).as("nothing saved").isFalse();

            type(driver, "claim-birthdate", "1906-12-09");
            type(driver, "claim-website", "https://grace.example/");
            type(driver, "claim-name", "");
            driver.findElement(By.cssSelector("form button[type=submit]")).click();
            assertThat(driver.findElement(By.cssSelector("[role=status]")).getText()).contains("saved");
            // the name in HTML is text on the page, not markup
            assertThat(absent(driver, By.cssSelector("main i"))).isTrue();
            JsonNode saved = scenario.admin.get(user(scenario.tenant, userId)).json();
            assertThat(saved.path("given_name").asText()).isEqualTo("Grace <i>Brewster</i>");
            assertThat(saved.path("birthdate").asText()).isEqualTo("1906-12-09");
            assertThat(saved.path("website").asText()).isEqualTo("https://grace.example/");
            assertThat(saved.path("zoneinfo").asText()).isEqualTo("America/New_York");
            assertThat(saved.has("name")).as("a blank field removes the claim").isFalse();
            assertThat(saved.path("phone_number_verified").asBoolean()).as("what the user may not edit stays").isTrue();
            assertThat(OutboxRows.rows(TestInfrastructure.postgres()).stream()
                    .filter(row -> row.type().equals("oid.user.profile_updated") && row.payload().contains(userId)))
                    .singleElement().satisfies(row -> assertThat(row.payload())
                            .contains("\"claims\":[\"name\",\"given_name\",\"website\",\"birthdate\",\"zoneinfo\"]")
                            .doesNotContain("Brewster").doesNotContain("1906"));

            // both ways between the profile and the security page
            driver.findElement(By.linkText("Security")).click();
            driver.findElement(By.id("password-heading"));
            assertThat(driver.getCurrentUrl()).endsWith("/account/security");
            driver.findElement(By.linkText("Profile")).click();
            driver.findElement(By.id("claim-given_name"));

            // the tenant lets its users edit their phone number and address instead: the page follows at once
            Http.Response chosen = scenario.admin.patch("admin/tenants/" + scenario.tenant, "{\"profile_editable\":[\"phone_number\",\"address\"]}");
            assertThat(chosen.status()).as(chosen.body()).isEqualTo(200);
            try {
                driver.navigate().refresh();
                driver.findElement(By.id("claim-address-locality"));
                assertThat(absent(driver, By.id("claim-given_name"))).isTrue();
                assertThat(driver.findElement(By.id("claim-phone_number")).getAttribute("type")).isEqualTo("tel");
                type(driver, "claim-phone_number", "+1 (212) 555-0199");
                type(driver, "claim-address-locality", "Arlington");
                driver.findElement(By.cssSelector("form button[type=submit]")).click();
                driver.findElement(By.cssSelector("[role=status]"));
                JsonNode moved = scenario.admin.get(user(scenario.tenant, userId)).json();
                assertThat(moved.path("phone_number").asText()).isEqualTo("+12125550199");
                assertThat(moved.has("phone_number_verified")).as("a number the user changed is not verified").isFalse();
                assertThat(moved.path("address").path("locality").asText()).isEqualTo("Arlington");
                assertThat(moved.path("address").path("formatted").asText()).as("shown on one line, kept as it was")
                        .isEqualTo("1 Main Street\nWashington");
                assertThat(moved.path("given_name").asText()).isEqualTo("Grace <i>Brewster</i>");
            } finally {
                scenario.admin.patch("admin/tenants/" + scenario.tenant, "{\"profile_editable\":null}");
            }
        }
    }

    @Test
    void theProfilePageChangesNothingWithoutItsCsrfFieldNorForAnotherTenant() {
        UserAgent agent = new UserAgent();
        URI page = URI.create(oid.issuer() + "/account?tenant=" + scenario.tenant);
        Http.Response start = agent.get(page);
        assertThat(start.status()).isEqualTo(302);
        // the sign-in comes back to this page: the account client's redirect URI for it
        assertThat(start.header("Location")).hasValueSatisfying(location -> assertThat(location)
                .contains("redirect_uri=" + URLEncoder.encode(oid.issuer() + "/account", StandardCharsets.UTF_8) + "&")
                .doesNotContain("security"));
        Http.Response back = agent.submit(agent.get(URI.create(start.header("Location").orElseThrow())),
                Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));
        assertThat(back.status()).as(back.body()).isEqualTo(303);
        Http.Response landed = agent.get(URI.create(oid.issuer() + "/account"));
        assertThat(landed.status()).isEqualTo(200);
        assertThat(landed.body()).contains("Ada &lt;b&gt;Augusta&lt;/b&gt;").doesNotContain("<b>Augusta");

        Map<String, String> forged = new LinkedHashMap<>(Map.of("given_name", "Mallory"));
        forged.put("csrf", "1765000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(agent.postForm(URI.create(oid.issuer() + "/account"), forged).status()).isEqualTo(403);
        assertThat(scenario.admin.get(user(scenario.tenant, scenario.userId)).json().path("given_name").asText()).isEqualTo("Ada <b>Augusta</b>");
        // a form naming a field twice, with a value as it was: nothing to change, and no error
        Http.Response same = agent.postForm(URI.create(oid.issuer() + "/account"), Map.of("csrf",
                UserAgent.hiddenFields(landed.body()).get("csrf"), "fields", "nickname nickname", "nickname", "Countess"));
        assertThat(same.status()).as(same.body()).isEqualTo(303);

        // this browser's session is of one tenant: another tenant's page sends it to sign in there, showing nothing of this one
        String other = scenario.admin.createTenant("claims-away");
        Http.Response elsewhere = agent.get(URI.create(oid.issuer() + "/account?tenant=" + other));
        assertThat(elsewhere.status()).isEqualTo(302);
        assertThat(elsewhere.header("Location")).hasValueSatisfying(location -> assertThat(location).contains("_account." + other));
    }

    /** Whether the page has no such element, asked without the implicit wait that finding one needs. */
    private static boolean absent(WebDriver driver, By by) {
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        try {
            return driver.findElements(by).isEmpty();
        } finally {
            driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(20));
        }
    }

    private static void type(WebDriver driver, String id, String text) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }
}
