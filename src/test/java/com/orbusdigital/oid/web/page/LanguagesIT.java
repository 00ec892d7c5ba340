package com.orbusdigital.oid.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.OidIT;
import com.orbusdigital.oid.testing.RawHttp;
import com.orbusdigital.oid.testing.RunningOid;
import com.orbusdigital.oid.testing.SignInScenario;
import com.orbusdigital.oid.testing.UserAgent;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pages in English and French, and how their language is chosen: ui_locales, then the user's
 * pick (the switch on every page, remembered in oid_lang), then Accept-Language, then the tenant's
 * default_language, then English.
 */
@OidIT
class LanguagesIT {

    private static final String REDIRECT_URI = "https://app.example/callback";
    private static final Pattern SWITCH = Pattern.compile("<a href=\"([^\"]*)\" lang=\"(en|fr)\"");

    private RunningOid oid;

    private SignInScenario scenario;
    private SignInScenario.Pkce pkce;
    private Map<String, String> request;

    @BeforeEach
    void setUp() throws Exception {
        scenario = SignInScenario.create(oid.root(), oid.issuer(), REDIRECT_URI, "public", "");
        pkce = SignInScenario.Pkce.create();
        request = scenario.authorizationRequest(pkce);
    }

    @Test
    void uiLocalesShowsTheLoginPageInFrenchAndTheFormKeepsItAfterAWrongPassword() {
        request.put("ui_locales", "de-CH fr-CA en");
        UserAgent agent = new UserAgent();

        Http.Response page = agent.get(scenario.authorizeUri(request));

        assertFrenchLoginPage(page);
        assertThat(UserAgent.hiddenFields(page.body())).containsEntry("ui_locales", "de-CH fr-CA en");
        Http.Response wrong = agent.submit(page, Map.of("username", scenario.username, "password", "not the password"));
        assertFrenchLoginPage(wrong);
        assertThat(wrong.body()).contains("<title>Erreur\u00a0: Connexion à Billing Portal</title>",
                "<p>Le nom d’utilisateur ou le mot de passe est incorrect. Vérifiez-les et réessayez.</p>");
        Http.Response signedIn = agent.submit(wrong, Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));
        assertThat(scenario.code(signedIn, request)).isNotBlank();
    }

    @Test
    void theSwitchKeepsTheAuthorizationRequestRemembersThePickAndTheFormStillPassesItsCsrfCheck() {
        UserAgent agent = new UserAgent();
        Http.Response english = agent.get(scenario.authorizeUri(request));
        assertThat(english.body()).contains("<html lang=\"en\">", "<h1>Sign in</h1>");

        Http.Response french = agent.get(switchTo(english, "fr"));

        assertFrenchLoginPage(french);
        assertThat(french.headers().allValues("Set-Cookie")).anyMatch(cookie -> cookie.startsWith("oid_lang=fr;")
                && cookie.contains("SameSite=Lax") && cookie.contains("Max-Age=31536000"));
        Map<String, String> hidden = UserAgent.hiddenFields(french.body());
        for (String name : new String[] {"client_id", "redirect_uri", "scope", "state", "nonce", "code_challenge", "code_challenge_method"}) {
            assertThat(hidden).as(name).containsEntry(name, request.get(name));
        }
        Http.Response signedIn = agent.submit(french, Map.of("username", scenario.username, "password", SignInScenario.PASSWORD));
        assertThat(scenario.code(signedIn, request)).isNotBlank();

        // remembered: the next request of this browser is French, unless the client asks otherwise
        UserAgent returning = new UserAgent();
        returning.get(switchTo(returning.get(scenario.authorizeUri(scenario.authorizationRequest(pkce))), "fr"));
        assertFrenchLoginPage(returning.get(scenario.authorizeUri(scenario.authorizationRequest(pkce))));
        Map<String, String> english2 = scenario.authorizationRequest(pkce);
        english2.put("ui_locales", "en");
        Http.Response askedInEnglish = returning.get(scenario.authorizeUri(english2));
        assertThat(askedInEnglish.body()).contains("<html lang=\"en\">", "<h1>Sign in</h1>");
        // the switch leaves ui_locales out, so the user's pick holds on the page it shows
        URI back = switchTo(askedInEnglish, "fr");
        assertThat(back.getRawQuery()).doesNotContain("ui_locales");
        assertFrenchLoginPage(returning.get(back));
    }

    @Test
    void acceptLanguageChoosesByQualityValue() {
        URI authorize = scenario.authorizeUri(request);

        assertFrenchLoginPage(Http.get(authorize, "Accept-Language", "en;q=0.5, fr-FR;q=0.9, de;q=0.7"));
        assertThat(Http.get(authorize, "Accept-Language", "fr;q=0.1, en").body()).contains("<html lang=\"en\">", "<h1>Sign in</h1>");
        assertThat(Http.get(authorize, "Accept-Language", "fr;q=0, en;q=0.2").body()).contains("<html lang=\"en\">");
        assertFrenchLoginPage(Http.get(authorize, "Accept-Language", "en", "Cookie", "oid_lang=fr"));
    }

    @Test
    void theTenantsDefaultServesWhenNeitherClientUserNorBrowserChoose() {
        Http.Response set = scenario.admin.patch("admin/tenants/" + scenario.tenant, "{\"default_language\":\"fr\"}");
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().path("default_language").asText()).isEqualTo("fr");
        URI authorize = scenario.authorizeUri(request);

        assertFrenchLoginPage(Http.get(authorize));
        assertThat(Http.get(authorize, "Accept-Language", "en").body()).contains("<html lang=\"en\">");
        request.put("redirect_uri", "https://app.example/elsewhere");
        Http.Response refused = Http.get(scenario.authorizeUri(request));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("<h1>La connexion ne peut pas continuer</h1>",
                "<p>L’adresse de retour n’est pas enregistrée pour cette application.</p>");

        Http.Response reset = scenario.admin.patch("admin/tenants/" + scenario.tenant, "{\"default_language\":null}");
        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(reset.json().path("default_language").isNull()).isTrue();
        assertThat(Http.get(authorize).body()).contains("<html lang=\"en\">");
        Http.Response unsupported = scenario.admin.patch("admin/tenants/" + scenario.tenant, "{\"default_language\":\"de\"}");
        assertThat(unsupported.status()).isEqualTo(400);
        assertThat(unsupported.json().path("errors").path("default_language").asText()).isEqualTo("must be one of en, fr, or null for English");
        Http.Response created = scenario.admin.post("admin/tenants", "{\"slug\":\"fr-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"name\":\"Société\",\"default_language\":\"fr\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("default_language").asText()).isEqualTo("fr");
    }

    @Test
    void errorPagesSpeakTheChosenLanguageAndLeadBackToThemselves() {
        request.put("client_id", "no-such-client-" + UUID.randomUUID());
        request.put("ui_locales", "fr");

        Http.Response unknown = Http.get(scenario.authorizeUri(request));

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.header("Location")).isEmpty();
        assertThat(unknown.body()).contains("<html lang=\"fr\">", "<title>La connexion ne peut pas continuer</title>",
                "<p>L’application qui vous a envoyé ici n’est pas connue.</p>",
                "<p class=\"hint\">Vous pouvez fermer cette fenêtre et revenir à l’application d’où vous venez.</p>");
        URI english = switchTo(unknown, "en");
        assertThat(UserAgent.query(english.getRawQuery())).containsEntry("client_id", request.get("client_id")).containsEntry("lang", "en")
                .doesNotContainKey("ui_locales");
        assertThat(Http.get(english).body()).contains("<html lang=\"en\">", "The application that sent you here is not known.");

        // a malformed escape, which java.net.URI would refuse to build: sent as raw bytes
        URI issuer = URI.create(scenario.issuer);
        RawHttp.Response malformed = RawHttp.send(issuer.getPort(),
                RawHttp.Request.of("GET", issuer.getRawPath() + "/authorize?client_id=%ZZ").withHeader("Accept-Language", "fr"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text()).contains("<html lang=\"fr\">", "<p>La demande est mal formée.</p>");
    }

    @Test
    void theLogoutConfirmationAndTheSignedOutPageSpeakFrench() {
        UserAgent agent = new UserAgent();
        scenario.signedIn(agent);

        Http.Response confirmation = agent.get(URI.create(scenario.issuer + "/logout?client_id=" + scenario.clientId + "&ui_locales=fr"));

        assertThat(confirmation.status()).isEqualTo(200);
        assertThat(confirmation.body()).contains("<html lang=\"fr\">", "<title>Vous déconnecter d’OID\u202f?</title>",
                "<strong>Billing Portal</strong> a demandé à vous déconnecter.", "Cela met fin à votre session OID dans ce navigateur.",
                "<button type=\"submit\">Se déconnecter</button>",
                "Si vous ne vouliez pas vous déconnecter, vous pouvez fermer cette fenêtre.");
        Http.Response signedOut = agent.submit(confirmation, Map.of());
        assertThat(signedOut.status()).isEqualTo(200);
        assertThat(signedOut.body()).contains("<html lang=\"fr\">", "<title>Déconnexion effectuée</title>", "<h1>Vous êtes déconnecté</h1>",
                "<p>Votre session auprès de <strong>Billing Portal</strong> est terminée.</p>");
        // the switch of the signed-out page shows it again in English
        assertThat(agent.get(switchTo(signedOut, "en")).body()).contains("<html lang=\"en\">", "<h1>You are signed out</h1>");

        Http.Response refused = Http.get(URI.create(scenario.issuer + "/logout?client_id=no-such-client"), "Accept-Language", "fr");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("<title>La déconnexion ne peut pas continuer</title>",
                "<p>L’application qui vous a envoyé ici n’est pas connue.</p>");
    }

    /** The French login page of the scenario's client, with its switch back to English. */
    private static void assertFrenchLoginPage(Http.Response page) {
        assertThat(page.status()).as(page.body()).isIn(200);
        assertThat(page.body()).startsWith("<!doctype html>\n<html lang=\"fr\">")
                .contains("<h1>Connexion</h1>", "<p class=\"lede\">pour continuer vers <strong>Billing Portal</strong></p>",
                        "<label for=\"username\">Nom d’utilisateur</label>", "<label for=\"password\">Mot de passe</label>",
                        "<button type=\"submit\">Se connecter</button>", "<nav class=\"languages\" aria-label=\"Langue\">",
                        "lang=\"en\" hreflang=\"en\">English</a>", "lang=\"fr\" hreflang=\"fr\" aria-current=\"true\">Français</a>")
                .doesNotContain("Sign in", "Username", "Password");
    }

    /** The page's link to itself in {@code language}, resolved as the browser would. */
    private URI switchTo(Http.Response page, String language) {
        Matcher link = SWITCH.matcher(page.body());
        while (link.find()) {
            if (link.group(2).equals(language)) {
                String href = link.group(1).replace("&amp;", "&");
                String endpoint = href.substring(0, href.indexOf('?'));
                return URI.create(scenario.issuer + "/" + endpoint).resolve(href);
            }
        }
        throw new AssertionError("no link to " + language + " in " + page.body());
    }
}
