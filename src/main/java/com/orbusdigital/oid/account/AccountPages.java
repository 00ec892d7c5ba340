package com.orbusdigital.oid.account;

import com.orbusdigital.oid.client.ConsoleClients;
import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.session.Csrf;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.UrlQuery;
import com.orbusdigital.oid.web.page.HtmlResponse;
import com.orbusdigital.oid.web.page.Language;
import com.orbusdigital.oid.web.page.Message;
import com.orbusdigital.oid.web.page.PageRequest;
import com.orbusdigital.oid.web.page.Pages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the account pages share ({@code /account/security}, {@code /account}, the connected
 * applications of {@code /account/applications}): the sign-in through the tenant's account client
 * that comes back to the page, their page requests, the query read leniently, their errors, and
 * what their forms' CSRF field is bound to.
 */
final class AccountPages {

    private AccountPages() {}

    /**
     * To the tenant's sign-in through its account client, back to {@code returnTo} (one of the
     * client's redirect URIs) after; with max_age for a change that needs a fresh sign-in, acr_values for a stronger one.
     */
    static Response signIn(Issuer issuer, Tenant tenant, String returnTo, Optional<Long> maxAge, Optional<String> acr, PageRequest page,
                           boolean post) {
        UrlQuery query = UrlQuery.on(issuer.endpoint("/authorize"))
                .add("client_id", ConsoleClients.clientId(tenant.slug()))
                .add("redirect_uri", returnTo)
                .add("response_type", "code")
                .add("scope", "openid")
                // PKCE is required of every public client; no code is issued to this one, so no verifier is kept
                .add("code_challenge", RandomValues.base64url(32))
                .add("code_challenge_method", "S256")
                .add("max_age", maxAge.map(String::valueOf))
                .add("acr_values", acr)
                .add("ui_locales", page.parameters().containsKey("lang") ? Optional.of(page.parameters().get("lang")) : Optional.empty());
        return HtmlResponse.redirect(query.toUri(), post, page.setCookies());
    }

    /** The page's language and links, from its query or form ({@code tenant}, {@code lang}, {@code ui_locales}). */
    static PageRequest pageRequest(String path, FormParameters parameters, HttpHeaders headers, BrowserCookies cookies) {
        Map<String, String> read = new LinkedHashMap<>();
        for (String name : List.of("tenant", "lang", "ui_locales")) {
            parameters.optional(name).ifPresent(value -> read.put(name, value));
        }
        return PageRequest.of(path, read, List.of("tenant"), headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE),
                Optional.of(cookies), headers.getCookies());
    }

    /**
     * The page of an emailed link ({@code ?token=…}: the forgotten password's, email verification's):
     * its language and links from {@code lang} and {@code ui_locales}, the token kept in its links.
     */
    static PageRequest linkPageRequest(String path, FormParameters parameters, HttpHeaders headers, BrowserCookies cookies) {
        Map<String, String> read = new LinkedHashMap<>();
        for (String name : List.of("token", "lang", "ui_locales")) {
            parameters.optional(name).ifPresent(value -> read.put(name, value));
        }
        return PageRequest.of(path, read, List.of("token"), headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE), Optional.of(cookies),
                headers.getCookies());
    }

    /** A posted form; empty when it cannot be read (another content type, a malformed body). */
    static Optional<FormParameters> form(String contentType, java.io.InputStream body) {
        try {
            return Optional.of(FormParameters.read(contentType, body));
        } catch (OAuthException malformed) {
            return Optional.empty();
        }
    }

    /** The query string's parameters; one that cannot be read is none. */
    static FormParameters query(HttpServletRequest request) {
        try {
            return FormParameters.fromQuery(request.getQueryString());
        } catch (OAuthException malformed) {
            return FormParameters.parse(new byte[0]);
        }
    }

    static Response error(int status, PageRequest page, Message message) {
        Language language = page.language(Optional.empty());
        return HtmlResponse.page(status, Pages.SERVED.error(Message.of("account.error.title"), message, page.languageSwitch(language)),
                page.setCookies());
    }

    /** What the pages' forms are bound to: the session (a digest of its cookie, never the cookie itself). */
    static List<Optional<String>> binding(String sessionCookie) {
        return List.of(Optional.of(Csrf.digest(sessionCookie)));
    }
}
