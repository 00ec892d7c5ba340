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

    private final Pages pages = new Pages(STYLESHEET);

    @Test
    void escapesTheFiveHtmlSpecialCharacters() {
        assertThat(Html.escape("a & b < c > d \" e ' f")).isEqualTo("a &amp; b &lt; c &gt; d &quot; e &#39; f");
        assertThat(Html.escape("plain ünïcode")).isEqualTo("plain ünïcode");
    }

    @Test
    void loginEscapesNamesFromAdministrators() {
        String html = pages.login(form(Map.of(), "", Optional.empty(), SCRIPT, SCRIPT));

        assertThat(html).doesNotContain(SCRIPT).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void loginEscapesHiddenValuesAndTheUsername() {
        String html = pages.login(form(Map.of("state", "x\" autofocus onfocus=\"alert(1)"),
                "o'brien\"><b>", Optional.of("<img src=x onerror=alert(1)>"), "Acme", "Portal"));

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

        String html = pages.login(form(fields, "", Optional.empty(), "Acme", "Portal"));

        assertThat(hiddenNames(html)).containsExactly("response_type", "client_id", "redirect_uri", "csrf");
        assertThat(html).contains("value=\"https://portal.example/cb?a=1&amp;b=2\"")
                .contains("<form method=\"post\" action=\"/ctx/login?x=1&amp;y=2\">");
    }

    @Test
    void loginShowsTheApplicationAndTheOrganisation() {
        String html = pages.login(form(Map.of(), "", Optional.empty(), "Acme Corp", "Billing Portal"));

        assertThat(html).contains("<h1>Sign in</h1>")
                .contains("to continue to <strong>Billing Portal</strong>")
                .contains("<span>Acme Corp</span>")
                .contains("<title>Sign in to Billing Portal</title>")
                .contains("<button type=\"submit\">Sign in</button>");
    }

    @Test
    void loginWithoutUsernameFocusesTheUsernameField() {
        String html = pages.login(form(Map.of(), "", Optional.empty(), "Acme", "Portal"));

        assertThat(input(html, "username")).contains(" autofocus").doesNotContain("value=")
                .contains("name=\"username\"", "autocomplete=\"username\"", "autocapitalize=\"none\"",
                        "spellcheck=\"false\"", " required");
        assertThat(input(html, "password")).doesNotContain("autofocus")
                .contains("type=\"password\"", "name=\"password\"", "autocomplete=\"current-password\"", " required");
        assertThat(html).contains("<label for=\"username\">").contains("<label for=\"password\">");
    }

    @Test
    void loginWithUsernamePrefillsItAndFocusesThePassword() {
        String html = pages.login(form(Map.of(), "alice", Optional.empty(), "Acme", "Portal"));

        assertThat(input(html, "username")).contains("value=\"alice\"").doesNotContain("autofocus");
        assertThat(input(html, "password")).contains(" autofocus").doesNotContain("value=");
    }

    @Test
    void loginWithoutErrorHasNoAlertNorInvalidFields() {
        String html = pages.login(form(Map.of(), "", Optional.empty(), "Acme", "Portal"));

        assertThat(html).doesNotContain("role=\"alert\"").doesNotContain("aria-invalid")
                .doesNotContain("aria-describedby").doesNotContain("form-error");
    }

    @Test
    void loginErrorIsAnnouncedAboveTheFieldsAndDescribesThem() {
        String html = pages.login(form(Map.of(), "alice", Optional.of("Wrong username or password."), "Acme", "Portal"));

        assertThat(html).contains("id=\"form-error\" role=\"alert\"").contains("Wrong username or password.")
                .contains("<title>Error: Sign in to Portal</title>");
        assertThat(html.indexOf("role=\"alert\"")).isLessThan(html.indexOf("<form"));
        for (String field : List.of("username", "password")) {
            assertThat(input(html, field)).contains("aria-invalid=\"true\"").contains("aria-describedby=\"form-error\"");
        }
    }

    @Test
    void errorPageShowsTitleMessageAndAWayOut() {
        String html = pages.error("Unknown application", "No application is registered as \"x<y\".");

        assertThat(html).contains("<title>Unknown application</title>").contains("<h1>Unknown application</h1>")
                .contains("<p>No application is registered as &quot;x&lt;y&quot;.</p>")
                .contains("You can close this window and return to the application you came from.");
    }

    @Test
    void signedOutPageNamesTheApplicationWhenKnown() {
        assertThat(pages.signedOut(Optional.of(SCRIPT))).contains("<h1>You are signed out</h1>")
                .contains("You have signed out of <strong>&lt;script&gt;").doesNotContain(SCRIPT);
        assertThat(pages.signedOut(Optional.empty())).contains("You have signed out.").doesNotContain("<strong>");
    }

    @Test
    void logoutConfirmationPostsItsHiddenFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("post_logout_redirect_uri", "https://portal.example/bye");
        fields.put("state", "it's \"quoted\"");
        fields.put("csrf", "token");

        String html = pages.confirmLogout(new Pages.LogoutForm("/ctx/logout", fields, Optional.of("Portal")));

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
                pages.login(form(Map.of("csrf", "t"), "", Optional.empty(), "Acme", "Portal")),
                pages.login(form(Map.of("csrf", "t"), "alice", Optional.of("Wrong password."), "Acme", "Portal")),
                pages.error("Title", "Message"),
                pages.signedOut(Optional.of("Portal")),
                pages.signedOut(Optional.empty()),
                pages.confirmLogout(new Pages.LogoutForm("/logout", Map.of("csrf", "t"), Optional.empty())));

        for (String html : all) {
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

    private static Pages.LoginForm form(Map<String, String> hidden, String username, Optional<String> error,
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
