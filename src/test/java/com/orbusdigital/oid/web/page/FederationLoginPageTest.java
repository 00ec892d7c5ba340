package com.orbusdigital.oid.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 18: the login page with the tenant's own providers. */
class FederationLoginPageTest {

    private static final LanguageSwitch ENGLISH = new LanguageSwitch(Language.ENGLISH, "authorize", Map.of());
    private static final LanguageSwitch FRENCH = new LanguageSwitch(Language.FRENCH, "authorize", Map.of());

    private static String page(Pages.Providers providers, LanguageSwitch language) {
        Map<String, String> hidden = new LinkedHashMap<>();
        hidden.put("client_id", "portal");
        hidden.put("csrf", "token-value");
        return Pages.SERVED.login(new Pages.LoginForm("Acme", "Portal", "/login", hidden, "", Optional.empty(), true, providers), language);
    }

    @Test
    void eachProviderIsAButtonOfAFormCarryingTheRequestAndTheCsrfField() {
        String html = page(new Pages.Providers(List.of(new Pages.Provider("p-1", "Corp <Login>")), false, true), ENGLISH);
        assertThat(html).contains("<form method=\"post\" action=\"/login/federation/start\">")
                .contains("name=\"provider\" value=\"p-1\">Continue with Corp &lt;Login&gt;</button>")
                .contains("id=\"password\"", "Forgot your password?");
        String providerForm = html.substring(html.indexOf("/login/federation/start"));
        assertThat(providerForm).contains("name=\"client_id\" value=\"portal\"", "name=\"csrf\" value=\"token-value\"");
        assertThat(html.substring(html.indexOf("id=\"password\""), html.indexOf("id=\"password\"") + 200)).contains("required");
        assertThat(page(new Pages.Providers(List.of(new Pages.Provider("p-1", "Corp")), false, true), FRENCH))
                .contains(">Continuer avec Corp</button>");
    }

    @Test
    void whenAnAddressMaySendSomeoneToTheirProviderThePasswordIsNotRequired() {
        String html = page(new Pages.Providers(List.of(new Pages.Provider("p-1", "Corp")), false, false), ENGLISH);
        assertThat(html.substring(html.indexOf("id=\"password\""), html.indexOf("id=\"password\"") + 200)).doesNotContain("required");
    }

    @Test
    void aRequiredProviderLeavesOnlyItsButtons() {
        String html = page(new Pages.Providers(List.of(new Pages.Provider("p-1", "Corp")), true, false), ENGLISH);
        assertThat(html).contains("Continue with Corp").doesNotContain("id=\"password\"").doesNotContain("id=\"username\"")
                .doesNotContain("Forgot your password?").doesNotContain("Create an account").doesNotContain("data-passkey");
    }

    @Test
    void withoutProvidersThePageIsAsBefore() {
        assertThat(page(Pages.Providers.NONE, ENGLISH)).doesNotContain("federation/start").doesNotContain("Continue with");
    }
}
