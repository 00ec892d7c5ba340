package com.orbusdigital.oid.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.web.BrowserCookies;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one decision of every browser error: back to the client when that is allowed, a page in the user's language otherwise. */
class BrowserErrorMapperTest {

    private static final String ISSUER = "https://oid.example/tenant";
    private static final BrowserError TO_CLIENT = BrowserError.toClient(
            new BrowserError.ReturnTo("https://app.example/cb?from=oid", Optional.of("s t&u")), OAuthError.LOGIN_REQUIRED,
            "the user is not signed in (prompt=none)");
    private static final BrowserError PAGE = BrowserError.page(Message.of("authorize.error.title"), Message.of("error.unknown_client"));

    private static PageRequest request(String uiLocales, String lang, String acceptLanguage) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        parameters.put("client_id", "portal");
        Optional.ofNullable(uiLocales).ifPresent(value -> parameters.put("ui_locales", value));
        Optional.ofNullable(lang).ifPresent(value -> parameters.put("lang", value));
        return PageRequest.of("authorize", parameters, List.of("client_id", "ui_locales"), acceptLanguage,
                Optional.of(new BrowserCookies(new Issuer("http://localhost:8080"))), Map.of());
    }

    @Test
    void anErrorThatMayGoBackRedirectsToTheClientWithErrorDescriptionStateAndIss() {
        Response afterGet = BrowserErrorMapper.answer(TO_CLIENT, request(null, null, null), false, ISSUER);
        Response afterPost = BrowserErrorMapper.answer(TO_CLIENT, request(null, null, null), true, ISSUER);

        assertThat(afterGet.getStatus()).isEqualTo(302);
        assertThat(afterPost.getStatus()).as("the browser follows with a GET").isEqualTo(303);
        assertThat(afterGet.getLocation()).hasToString("https://app.example/cb?from=oid&error=login_required"
                + "&error_description=the%20user%20is%20not%20signed%20in%20%28prompt%3Dnone%29&state=s%20t%26u"
                + "&iss=https%3A%2F%2Foid.example%2Ftenant");
        assertThat(afterGet.getHeaderString("Cache-Control")).isEqualTo("no-store");
        assertThat(afterGet.getEntity()).isNull();
    }

    @Test
    void anErrorBeforeTheClientIsTrustedIsAPageNeverARedirect() {
        Response page = BrowserErrorMapper.answer(PAGE, request(null, null, null), false, ISSUER);

        assertThat(page.getStatus()).isEqualTo(400);
        assertThat(page.getLocation()).isNull();
        assertThat(page.getMediaType().toString()).startsWith("text/html");
        assertThat(page.getHeaderString("Content-Security-Policy")).endsWith("form-action 'none'");
        assertThat((String) page.getEntity()).contains("<html lang=\"en\">", "<h1>Sign-in cannot continue</h1>",
                "The application that sent you here is not known.");
        assertThat(page.getHeaders().get("Set-Cookie")).isNull();
    }

    @Test
    void thePageSpeaksTheLanguageTheRequestChose() {
        assertThat((String) BrowserErrorMapper.answer(PAGE, request("fr-CA", null, "en"), false, ISSUER).getEntity())
                .contains("<html lang=\"fr\">", "<h1>La connexion ne peut pas continuer</h1>",
                        "L’application qui vous a envoyé ici n’est pas connue.");
        assertThat((String) BrowserErrorMapper.answer(PAGE, request(null, null, "de, fr;q=0.5"), false, ISSUER).getEntity())
                .contains("<html lang=\"fr\">");
        assertThat((String) BrowserErrorMapper.answer(PAGE.inLanguageOf(Optional.of(Language.FRENCH)), request(null, null, null), false,
                ISSUER).getEntity()).as("the tenant's default").contains("<html lang=\"fr\">");
    }

    @Test
    void theLanguageSwitchsPickIsRememberedInACookieAndItsLinksKeepTheRequest() {
        Response page = BrowserErrorMapper.answer(PAGE, request("en", "fr", null), false, ISSUER);

        assertThat((String) page.getEntity()).contains("<html lang=\"en\">", "href=\"authorize?client_id=portal&amp;lang=fr\"");
        assertThat(page.getHeaderString("Set-Cookie")).isEqualTo("oid_lang=fr; Path=/; HttpOnly; Max-Age=31536000; SameSite=Lax");
    }

    @Test
    void aPageRefusingAnAddressNeverWritesItIntoItsLanguageSwitch() {
        Map<String, String> parameters = Map.of("client_id", "portal", "redirect_uri", "https://evil.example/cb");
        PageRequest asked = PageRequest.of("authorize", parameters, List.of("client_id", "redirect_uri"), null, Optional.empty(), Map.of());
        BrowserError refused = BrowserError.page(Message.of("authorize.error.title"), Message.of("authorize.error.redirect_uri_not_registered"));

        assertThat((String) BrowserErrorMapper.answer(refused, asked, false, ISSUER).getEntity()).contains("evil.example");
        assertThat((String) BrowserErrorMapper.answer(refused.refusingAnAddress(), asked, false, ISSUER).getEntity())
                .doesNotContain("evil.example").contains("href=\"authorize?lang=fr\"");
    }
}
