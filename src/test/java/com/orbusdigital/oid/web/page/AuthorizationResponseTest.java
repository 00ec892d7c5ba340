package com.orbusdigital.oid.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.ResponseMode;
import com.orbusdigital.oid.web.BrowserCookies;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 18: the one writer of authorization responses, in the query or as the form_post page. */
class AuthorizationResponseTest {

    private static final String ISSUER = "https://oid.example/tenant";
    private static final String CALLBACK = "https://app.example:8443/cb?from=oid";
    private static final String HOSTILE_STATE = "\"><script>alert(1)</script>&x='y'";

    private static AuthorizationResponse response(ResponseMode mode, Optional<String> state) {
        return new AuthorizationResponse(new BrowserError.ReturnTo(CALLBACK, state, mode, Optional.of("Billing <Portal>")), ISSUER);
    }

    private static AuthorizationResponse.Shown shown(String lang) {
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        parameters.put("client_id", "portal");
        Optional.ofNullable(lang).ifPresent(value -> parameters.put("lang", value));
        return new AuthorizationResponse.Shown(PageRequest.of("authorize", parameters, List.of("client_id"), null,
                Optional.of(new BrowserCookies(new Issuer("http://localhost:8080"))), Map.of()), Optional.empty(), PageBrand.NONE);
    }

    @Test
    void theQueryModeRedirectsWithTheParametersInTheRedirectUrisQuery() {
        Response afterGet = response(ResponseMode.QUERY, Optional.of("s t")).code("c-1", false, List.of("oid_session=x"), shown(null));
        Response afterPost = response(ResponseMode.QUERY, Optional.empty()).error(OAuthError.ACCESS_DENIED, "the user said no", true,
                List.of(), shown(null));

        assertThat(afterGet.getStatus()).isEqualTo(302);
        assertThat(afterGet.getLocation()).hasToString(CALLBACK + "&code=c-1&state=s%20t&iss=https%3A%2F%2Foid.example%2Ftenant");
        assertThat(afterGet.getHeaderString("Set-Cookie")).isEqualTo("oid_session=x");
        assertThat(afterGet.getEntity()).isNull();
        assertThat(afterPost.getStatus()).isEqualTo(303);
        assertThat(afterPost.getLocation()).hasToString(CALLBACK + "&error=access_denied&error_description=the%20user%20said%20no"
                + "&iss=https%3A%2F%2Foid.example%2Ftenant");
    }

    @Test
    void theFormPostModeIsAPageWhoseFormPostsTheCodeStateAndIssuerEscapedToTheRedirectUri() {
        Response page = response(ResponseMode.FORM_POST, Optional.of(HOSTILE_STATE)).code("c-1", true, List.of("oid_session=x"), shown(null));
        String html = (String) page.getEntity();

        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getLocation()).as("nothing in a URL").isNull();
        assertThat(page.getMediaType().toString()).startsWith("text/html");
        assertThat(page.getHeaderString("Cache-Control")).isEqualTo("no-store");
        assertThat(page.getHeaderString("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.getHeaderString("Set-Cookie")).isEqualTo("oid_session=x");
        String csp = page.getHeaderString("Content-Security-Policy");
        assertThat(csp).contains("script-src 'self'", "default-src 'none'", "frame-ancestors 'none'")
                .endsWith("; form-action https://app.example:8443").doesNotContain("unsafe-inline", "'self' https", "connect-src");
        assertThat(html).contains("<form method=\"post\" action=\"https://app.example:8443/cb?from=oid\" data-form-post>",
                "<input type=\"hidden\" name=\"code\" value=\"c-1\">",
                "<input type=\"hidden\" name=\"state\" value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;x=&#39;y&#39;\">",
                "<input type=\"hidden\" name=\"iss\" value=\"https://oid.example/tenant\">",
                "<script src=\"assets/form-post.js\" defer></script>", "Continuing to Billing &lt;Portal&gt;…",
                "<button type=\"submit\"", ">Continue</button>");
        assertThat(html).as("the state only ever escaped").doesNotContain("<script>alert");
        assertThat(html.indexOf("name=\"code\"")).isLessThan(html.indexOf("name=\"state\"")).isLessThan(html.indexOf("name=\"iss\""));
        assertThat(html).doesNotContain("name=\"error");
    }

    @Test
    void anErrorIsPostedWithItsDescriptionAndAStatelessRequestPostsNoState() {
        Response page = response(ResponseMode.FORM_POST, Optional.empty()).error(OAuthError.LOGIN_REQUIRED, "not signed in (prompt=none)",
                false, List.of(), shown("fr"));
        String html = (String) page.getEntity();

        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(html).contains("<html lang=\"fr\">", "name=\"error\" value=\"login_required\"",
                "name=\"error_description\" value=\"not signed in (prompt=none)\"", "name=\"iss\"", "Redirection vers Billing &lt;Portal&gt;…",
                ">Continuer</button>");
        assertThat(html).doesNotContain("name=\"state\"", "name=\"code\"");
        assertThat(page.getHeaderString("Set-Cookie")).as("the language the switch picked").startsWith("oid_lang=fr");
    }

    @Test
    void theMapperPostsAFormPostRequestsErrorsAndRedirectsTheOthers() {
        BrowserError formPost = BrowserError.toClient(new BrowserError.ReturnTo(CALLBACK, Optional.of("s"), ResponseMode.FORM_POST,
                Optional.empty()), OAuthError.ACCESS_DENIED, "the user did not allow this application");
        Response page = BrowserErrorMapper.answer(formPost, shown(null).page(), true, ISSUER);

        assertThat(page.getStatus()).isEqualTo(200);
        assertThat((String) page.getEntity()).contains("name=\"error\" value=\"access_denied\"", "name=\"state\" value=\"s\"",
                "Continuing to the application…");
        assertThat(BrowserErrorMapper.answer(BrowserError.toClient(new BrowserError.ReturnTo(CALLBACK, Optional.of("s")),
                OAuthError.ACCESS_DENIED, "no"), shown(null).page(), true, ISSUER).getStatus()).isEqualTo(303);
    }
}
