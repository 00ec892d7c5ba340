package com.orbusdigital.oid.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PagesTest {

    private static final String STYLESHEET = "/ctx/assets/oid.css";
    private static final String SCRIPT = "<script>alert(1)</script>";

    private static final LanguageSwitch ENGLISH = new LanguageSwitch(Language.ENGLISH, "authorize", Map.of());

    private final Pages pages = new Pages(STYLESHEET);

    @Test
    void escapesTheFiveHtmlSpecialCharacters() {
        assertThat(Html.escape("a & b < c > d \" e ' f")).isEqualTo("a &amp; b &lt; c &gt; d &quot; e &#39; f");
        assertThat(Html.escape("plain ünïcode")).isEqualTo("plain ünïcode");
    }

    @Test
    void loginEscapesNamesFromAdministrators() {
        String html = pages.login(form(Map.of(), "", Optional.empty(), SCRIPT, SCRIPT), ENGLISH);

        assertThat(html).doesNotContain(SCRIPT).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void loginEscapesHiddenValuesAndTheUsername() {
        String html = pages.login(form(Map.of("state", "x\" autofocus onfocus=\"alert(1)"),
                "o'brien\"><b>", Optional.of(Message.of("authorize.error.client_disabled", "<img src=x onerror=alert(1)>")), "Acme", "Portal"),
                ENGLISH);

        assertThat(html)
                .contains("name=\"state\" value=\"x&quot; autofocus onfocus=&quot;alert(1)\"")
                .contains("value=\"o&#39;brien&quot;&gt;&lt;b&gt;\"")
                .contains("&lt;img src=x onerror=alert(1)&gt;")
                .doesNotContain("<img").doesNotContain("<b>");
    }

    @Test
    void loginPostsHiddenFieldsInIterationOrder() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("response_type", "code");
        fields.put("client_id", "portal");
        fields.put("redirect_uri", "https://portal.example/cb?a=1&b=2");
        fields.put("csrf", "token");

        String html = pages.login(form(fields, "", Optional.empty(), "Acme", "Portal"), ENGLISH);

        assertThat(hiddenNames(html)).containsExactly("response_type", "client_id", "redirect_uri", "csrf");
        assertThat(html).contains("value=\"https://portal.example/cb?a=1&amp;b=2\"")
                .contains("<form method=\"post\" action=\"/ctx/login?x=1&amp;y=2\">");
    }

    @Test
    void loginShowsTheApplicationAndTheOrganisation() {
        String html = pages.login(form(Map.of(), "", Optional.empty(), "Acme Corp", "Billing Portal"), ENGLISH);

        assertThat(html).contains("<h1>Sign in</h1>")
                .contains("to continue to <strong>Billing Portal</strong>")
                .contains("<span>Acme Corp</span>")
                .contains("<title>Sign in to Billing Portal</title>")
                .contains("<button type=\"submit\">Sign in</button>");
    }

    @Test
    void loginWithoutUsernameFocusesTheUsernameField() {
        String html = pages.login(form(Map.of(), "", Optional.empty(), "Acme", "Portal"), ENGLISH);

        assertThat(input(html, "username")).contains(" autofocus").doesNotContain("value=")
                // issue 16: passkeys offered in the username field's autofill (conditional mediation)
                .contains("name=\"username\"", "autocomplete=\"username webauthn\"", "autocapitalize=\"none\"",
                        "spellcheck=\"false\"", " required");
        assertThat(input(html, "password")).doesNotContain("autofocus")
                .contains("type=\"password\"", "name=\"password\"", "autocomplete=\"current-password\"", " required");
        assertThat(html).contains("<label for=\"username\">").contains("<label for=\"password\">");
    }

    @Test
    void loginWithUsernamePrefillsItAndFocusesThePassword() {
        String html = pages.login(form(Map.of(), "alice", Optional.empty(), "Acme", "Portal"), ENGLISH);

        assertThat(input(html, "username")).contains("value=\"alice\"").doesNotContain("autofocus");
        assertThat(input(html, "password")).contains(" autofocus").doesNotContain("value=");
    }

    @Test
    void loginWithoutErrorHasNoAlertNorInvalidFields() {
        String html = pages.login(form(Map.of(), "", Optional.empty(), "Acme", "Portal"), ENGLISH);

        assertThat(html).doesNotContain("role=\"alert\"").doesNotContain("aria-invalid")
                .doesNotContain("aria-describedby").doesNotContain("form-error");
    }

    @Test
    void loginErrorIsAnnouncedAboveTheFieldsAndDescribesThem() {
        String html = pages.login(form(Map.of(), "alice", Optional.of(Message.of("login.wrong_credentials")), "Acme", "Portal"), ENGLISH);

        assertThat(html).contains("id=\"form-error\" role=\"alert\"").contains("The username or password is not right.")
                .contains("<title>Error: Sign in to Portal</title>");
        assertThat(html.indexOf("role=\"alert\"")).isLessThan(html.indexOf("<form"));
        for (String field : List.of("username", "password")) {
            assertThat(input(html, field)).contains("aria-invalid=\"true\"").contains("aria-describedby=\"form-error\"");
        }
    }

    @Test
    void errorPageShowsTitleMessageAndAWayOut() {
        String html = pages.error(Message.of("authorize.error.title"), Message.of("authorize.error.client_disabled", "\"x<y\""), ENGLISH);

        assertThat(html).contains("<title>Sign-in cannot continue</title>").contains("<h1>Sign-in cannot continue</h1>")
                .contains("<p>The application &quot;x&lt;y&quot; is currently disabled. Contact your administrator.</p>")
                .contains("You can close this window and return to the application you came from.");
    }

    @Test
    void signedOutPageNamesTheApplicationWhenKnown() {
        assertThat(pages.signedOut(Optional.of(SCRIPT), ENGLISH)).contains("<h1>You are signed out</h1>")
                .contains("You have signed out of <strong>&lt;script&gt;").doesNotContain(SCRIPT);
        assertThat(pages.signedOut(Optional.empty(), ENGLISH)).contains("You have signed out.").doesNotContain("<strong>");
    }

    @Test
    void logoutConfirmationPostsItsHiddenFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("post_logout_redirect_uri", "https://portal.example/bye");
        fields.put("state", "it's \"quoted\"");
        fields.put("csrf", "token");

        String html = pages.confirmLogout(new Pages.LogoutForm("/ctx/logout", fields, Optional.of("Portal")), ENGLISH);

        assertThat(html).contains("<h1>Sign out of OID?</h1>")
                .contains("<form method=\"post\" action=\"/ctx/logout\">")
                .contains("<button type=\"submit\">Sign out</button>")
                .contains("<strong>Portal</strong>")
                .contains("value=\"it&#39;s &quot;quoted&quot;\"");
        assertThat(hiddenNames(html)).containsExactly("post_logout_redirect_uri", "state", "csrf");
    }

    @Test
    void everyPageIsACompleteDocumentWithoutScriptOrInlineStyle() {
        List<String> all = List.of(
                pages.login(form(Map.of("csrf", "t"), "", Optional.empty(), "Acme", "Portal"), ENGLISH),
                pages.login(form(Map.of("csrf", "t"), "alice", Optional.of(Message.of("login.wrong_credentials")), "Acme", "Portal"), ENGLISH),
                pages.error(Message.of("unavailable.title"), Message.of("unavailable.text"), ENGLISH),
                pages.signedOut(Optional.of("Portal"), ENGLISH),
                pages.signedOut(Optional.empty(), ENGLISH),
                pages.confirmLogout(new Pages.LogoutForm("/logout", Map.of("csrf", "t"), Optional.empty()), ENGLISH));

        for (String page : all) {
            // issue 16: the login page runs OID's passkey script, a file beside the stylesheet; no other page runs any
            String script = "<script src=\"/ctx/assets/passkey.js\" defer></script>";
            assertThat(page.contains(script)).isEqualTo(page.contains("<h1>Sign in</h1>"));
            String html = page.replace(script, "");
            assertThat(html).startsWith("<!doctype html>\n<html lang=\"en\">")
                    .contains("<meta charset=\"utf-8\">")
                    .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                    .contains("<link rel=\"stylesheet\" href=\"/ctx/assets/oid.css\">")
                    .containsPattern("<title>[^<]+</title>")
                    .doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase(" style=")
                    .doesNotContainPattern("(?i)\\son[a-z]+=")
                    .doesNotContain("http://").doesNotContain("https://")
                    .endsWith("</html>\n");
        }
    }

    @Test
    void everyPageSpeaksFrenchWhenFrenchIsChosen() {
        LanguageSwitch french = new LanguageSwitch(Language.FRENCH, "authorize", Map.of());

        String login = pages.login(form(Map.of("csrf", "t"), "alice", Optional.of(Message.of("login.wrong_credentials")), "Acme", "Portail"),
                french);
        assertThat(login).startsWith("<!doctype html>\n<html lang=\"fr\">")
                .contains("<title>Erreur\u00a0: Connexion à Portail</title>", "<h1>Connexion</h1>",
                        "<p class=\"lede\">pour continuer vers <strong>Portail</strong></p>",
                        "<label for=\"username\">Nom d’utilisateur</label>", "<label for=\"password\">Mot de passe</label>",
                        "<button type=\"submit\">Se connecter</button>",
                        "<p>Le nom d’utilisateur ou le mot de passe est incorrect. Vérifiez-les et réessayez.</p>")
                .doesNotContain("Sign in", "Username", "Password");
        assertThat(pages.error(Message.of("authorize.error.title"), Message.of("error.unknown_client"), french))
                .contains("<title>La connexion ne peut pas continuer</title>", "<h1>La connexion ne peut pas continuer</h1>",
                        "<p>L’application qui vous a envoyé ici n’est pas connue.</p>",
                        "<p class=\"hint\">Vous pouvez fermer cette fenêtre et revenir à l’application d’où vous venez.</p>");
        assertThat(pages.signedOut(Optional.of("Portail"), french)).contains("<title>Déconnexion effectuée</title>",
                "<h1>Vous êtes déconnecté</h1>", "<p>Votre session auprès de <strong>Portail</strong> est terminée.</p>");
        assertThat(pages.confirmLogout(new Pages.LogoutForm("/logout", Map.of("csrf", "t"), Optional.of("Portail")), french))
                .contains("<title>Vous déconnecter d’OID\u202f?</title>", "<strong>Portail</strong> a demandé à vous déconnecter.",
                        "Cela met fin à votre session OID dans ce navigateur.", "<button type=\"submit\">Se déconnecter</button>");
        assertThat(pages.error(Message.of("too_many.title"), Message.of("too_many.text", 5), french))
                .contains("<h1>Trop de demandes</h1>", "Veuillez patienter 5 secondes et réessayer.");
        assertThat(pages.error(Message.of("too_many.title"), Message.of("too_many.text", 1), ENGLISH))
                .contains("<h1>Too many requests</h1>", "Please wait 1 second and try again.");
    }

    @Test
    void everyPageHasALanguageSwitchRepeatingItsRequestWithoutUiLocales() {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("client_id", "portal");
        request.put("redirect_uri", "https://portal.example/cb?a=1&b=2");
        request.put("state", "\"><script>alert(1)</script>");
        request.put("ui_locales", "en");
        LanguageSwitch languages = new LanguageSwitch(Language.ENGLISH, "authorize", request);

        String html = pages.error(Message.of("unavailable.title"), Message.of("unavailable.text"), languages);

        assertThat(html).contains("<nav class=\"languages\" aria-label=\"Language\">")
                .contains("<a href=\"authorize?client_id=portal&amp;redirect_uri=https%3A%2F%2Fportal.example%2Fcb%3Fa%3D1%26b%3D2"
                        + "&amp;state=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;lang=fr\" lang=\"fr\" hreflang=\"fr\">Français</a>")
                .contains("&amp;lang=en\" lang=\"en\" hreflang=\"en\" aria-current=\"true\">English</a>")
                .doesNotContain("ui_locales").doesNotContain("<script");
    }

    @Test
    void markupMessagesEscapeTheirArguments() {
        String quoted = "\"Portal\" <b>'s</b>";

        assertThat(pages.login(form(Map.of(), "", Optional.empty(), "Acme", quoted), ENGLISH))
                .contains("to continue to <strong>&quot;Portal&quot; &lt;b&gt;&#39;s&lt;/b&gt;</strong>")
                .contains("<title>Sign in to &quot;Portal&quot; &lt;b&gt;&#39;s&lt;/b&gt;</title>");
        assertThat(pages.confirmLogout(new Pages.LogoutForm("/logout\" onclick=\"x", Map.of("a'b", "c\"d"), Optional.of(quoted)), ENGLISH))
                .contains("<strong>&quot;Portal&quot; &lt;b&gt;&#39;s&lt;/b&gt;</strong> asked to sign you out.")
                .contains("action=\"/logout&quot; onclick=&quot;x\"")
                .contains("<input type=\"hidden\" name=\"a&#39;b\" value=\"c&quot;d\">");
    }

    private static Pages.LoginForm form(Map<String, String> hidden, String username, Optional<Message> error,
                                        String tenant, String client) {
        return new Pages.LoginForm(tenant, client, "/ctx/login?x=1&y=2", hidden, username, error);
    }

    private static List<String> hiddenNames(String html) {
        Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\"").matcher(html);
        return hidden.results().map(match -> match.group(1)).toList();
    }

    /** The whole &lt;input&gt; tag with the given id. */
    private static String input(String html, String id) {
        Matcher tag = Pattern.compile("<input id=\"" + id + "\"[^>]*>").matcher(html);
        assertThat(tag.find()).as("input #" + id).isTrue();
        return tag.group();
    }
}
