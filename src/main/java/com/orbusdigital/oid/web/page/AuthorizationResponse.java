package com.orbusdigital.oid.web.page;

import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.ResponseMode;
import com.orbusdigital.oid.web.UrlQuery;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place an authorization response goes back to the client, in the response mode the request
 * asked for (issue 18): {@code query}, a redirect with the parameters in the redirect URI's query
 * (302 after a GET, 303 after a POST); {@code form_post} (OAuth 2.0 Form Post Response Mode), a
 * page whose form the browser posts to the redirect URI, submitted by OID's own script or, without
 * script, by the person's click. A code's and an error's parameters are written here alone.
 *
 * @param returnTo the client's redirect URI (checked), the request's state, its response mode and the client's name
 * @param issuer   the {@code iss} of every response (RFC 9207)
 */
public record AuthorizationResponse(BrowserError.ReturnTo returnTo, String issuer) {

    /** How a form_post page is shown: the request's language and switch, the tenant's default language and look. */
    public record Shown(PageRequest page, Optional<Language> tenantLanguage, PageBrand look) {}

    /** A code: {@code code}, {@code state}, {@code iss} (RFC 6749 §4.1.2). */
    public Response code(String code, boolean post, List<String> cookies, Shown shown) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", code);
        return answer(parameters, post, cookies, shown);
    }

    /** An error: {@code error}, {@code error_description}, {@code state}, {@code iss} (RFC 6749 §4.1.2.1). */
    public Response error(OAuthError error, String description, boolean post, List<String> cookies, Shown shown) {
        return answer(errorParameters(error, description), post, cookies, shown);
    }

    /** Where an error goes in the query mode: the redirect URI with its parameters. */
    public URI errorLocation(OAuthError error, String description) {
        return location(errorParameters(error, description));
    }

    private static Map<String, String> errorParameters(OAuthError error, String description) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("error", error.code());
        parameters.put("error_description", description);
        return parameters;
    }

    private Response answer(Map<String, String> parameters, boolean post, List<String> cookies, Shown shown) {
        if (returnTo.responseMode() == ResponseMode.QUERY) {
            return HtmlResponse.redirect(location(parameters), post, cookies);
        }
        Map<String, String> fields = withStateAndIssuer(parameters);
        Language language = shown.page().language(shown.tenantLanguage());
        String html = Pages.SERVED.branded(shown.look()).formPost(new Pages.FormPostPage(returnTo.clientName(), returnTo.redirectUri(),
                fields), shown.page().languageSwitch(language));
        List<String> allCookies = new ArrayList<>(cookies);
        allCookies.addAll(shown.page().setCookies());
        return HtmlResponse.formPost(html, returnTo.redirectUri(), allCookies);
    }

    private URI location(Map<String, String> parameters) {
        UrlQuery query = UrlQuery.on(returnTo.redirectUri());
        withStateAndIssuer(parameters).forEach(query::add);
        return query.toUri();
    }

    private Map<String, String> withStateAndIssuer(Map<String, String> parameters) {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        returnTo.state().ifPresent(state -> all.put("state", state));
        all.put("iss", issuer);
        return all;
    }
}
