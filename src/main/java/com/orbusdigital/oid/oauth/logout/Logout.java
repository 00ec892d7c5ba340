package com.orbusdigital.oid.oauth.logout;

import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.client.ClientRepository;
import com.orbusdigital.oid.client.RedirectUris;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.SignInEvent;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.oauth.RedirectState;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.session.SignInSession;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.session.backchannel.BackChannelLogouts;
import com.orbusdigital.oid.tenant.Branding;
import com.orbusdigital.oid.token.IdTokens;
import com.orbusdigital.oid.token.RefreshTokens;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.session.Csrf;
import com.orbusdigital.oid.web.UrlQuery;
import com.orbusdigital.oid.web.page.BrowserError;
import com.orbusdigital.oid.web.page.HtmlResponse;
import com.orbusdigital.oid.web.page.Language;
import com.orbusdigital.oid.web.page.Message;
import com.orbusdigital.oid.web.page.PageBrand;
import com.orbusdigital.oid.web.page.PageRequest;
import com.orbusdigital.oid.web.page.Pages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenID Connect RP-Initiated Logout 1.0. A relying party sends the browser here with an
 * {@code id_token_hint}, a registered {@code post_logout_redirect_uri} and {@code state}.
 * <ul>
 *   <li>With a hint naming the signed-in user, the session ends at once (§2: the hint shows the
 *       request comes from an application the user used).</li>
 *   <li>Without one, or naming someone else, the user is asked to confirm with a form whose CSRF
 *       token is bound to the session — otherwise any site could sign people out.</li>
 *   <li>The redirect goes only to a URI registered for the client, compared exactly (but for the
 *       port of a loopback IP literal, as at /authorize); an unknown one is an error page, never a
 *       redirect.</li>
 * </ul>
 * Ending the session revokes, for clients whose setting says so, their refresh tokens of that
 * session (not offline ones), and publishes {@code oid.user.signed_out}.
 */
@ApplicationScoped
public class Logout {

    static final String CONFIRM_FIELD = "confirm";
    /** The title of every page this endpoint's errors are shown on. */
    public static final Message ERROR_TITLE = Message.of("logout.error.title");
    /** What the language switch repeats to show a page again; the ID token only where it came in the URL already. */
    private static final List<String> REPEATED = List.of("client_id", "post_logout_redirect_uri", "state");

    private ClientRepository clients;
    private Sessions sessions;
    private RefreshTokens refreshTokens;
    private IdTokens idTokens;
    private Event<IdentityEvent> events;
    private Clock clock;
    private String action;
    private BrowserCookies cookies;
    private Csrf csrf;
    private BackChannelLogouts backChannel;

    protected Logout() {
        // for the CDI proxy
    }

    @Inject
    public Logout(ClientRepository clients, Sessions sessions, RefreshTokens refreshTokens, IdTokens idTokens,
                  Event<IdentityEvent> events, Clock clock, OidConfig config, Csrf csrf, BackChannelLogouts backChannel) {
        this.clients = clients;
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.idTokens = idTokens;
        this.events = events;
        this.clock = clock;
        this.action = config.issuer().endpoint("/logout");
        this.cookies = new BrowserCookies(config.issuer());
        this.csrf = csrf;
        this.backChannel = backChannel;
    }

    /**
     * What the pages of this request need to know of it: the language it chooses and how the
     * language switch asks for the page again (a GET of /logout).
     *
     * @param parameters the request's parameters, empty when they could not be read
     */
    public PageRequest pageRequest(Optional<FormParameters> parameters, HttpHeaders headers, boolean post) {
        List<String> repeated = new ArrayList<>(REPEATED);
        if (!post) {
            repeated.add("id_token_hint");
        }
        Map<String, String> read = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(repeated);
        names.addAll(List.of("ui_locales", "lang"));
        parameters.ifPresent(present -> names.forEach(name -> present.optional(name).ifPresent(value -> read.put(name, value))));
        return PageRequest.of("logout", read, repeated, headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE), Optional.of(cookies),
                headers.getCookies());
    }

    /** One transaction: the client's lookup, the session's, and its end with what it revokes and its event. */
    @Transactional
    public Response handle(FormParameters parameters, PageRequest page, Map<String, Cookie> sent, boolean post) {
        Optional<String> hintToken = parameters.optional("id_token_hint");
        Optional<IdTokens.Hint> hint = hintToken.flatMap(idTokens::readHint);
        if (hintToken.isPresent() && hint.isEmpty()) {
            throw error("logout.error.foreign_hint");
        }
        Optional<String> clientId = parameters.optional("client_id");
        if (hint.isPresent() && clientId.filter(id -> !id.equals(hint.get().clientId())).isPresent()) {
            throw error("logout.error.two_clients");
        }
        Optional<String> named = hint.map(IdTokens.Hint::clientId).or(() -> clientId);
        Optional<Client> client = named.flatMap(clients::findByClientId);
        if (named.isPresent() && client.isEmpty()) {
            throw error("error.unknown_client");
        }
        Optional<Language> tenantLanguage = client.flatMap(c -> c.tenant().defaultLanguage()).flatMap(Language::of);
        Optional<String> postLogoutUri = parameters.optional("post_logout_redirect_uri");
        if (postLogoutUri.isPresent()
                && client.filter(c -> RedirectUris.allows(c.postLogoutRedirectUris(), postLogoutUri.get(), c.type())).isEmpty()) {
            throw error(client.isEmpty() ? "logout.error.uri_without_client" : "logout.error.uri_not_registered")
                    .inLanguageOf(tenantLanguage).inLookOf(look(client)).refusingAnAddress();
        }
        if (parameters.optional("state").filter(state -> !RedirectState.fits(state)).isPresent()) {
            // checked before the session ends: the state goes back in the Location header and must fit there
            throw error("logout.error.state_too_long", String.valueOf(RedirectState.MAX_BYTES)).inLanguageOf(tenantLanguage)
                    .inLookOf(look(client));
        }
        Optional<String> sessionCookie = cookies.session(sent);
        Optional<SignInSession> session = sessionCookie.flatMap(sessions::resume);
        boolean confirmed = post && parameters.has(CONFIRM_FIELD) && sessionCookie.isPresent()
                && csrf.matches(Csrf.Purpose.LOGOUT, parameters.optional(Csrf.FIELD), cookies.csrf(sent), binding(sessionCookie.get()));
        boolean hintIsTheUser = hint.isPresent() && session.map(s -> s.userId().equals(hint.get().subject())).orElse(false);
        if (session.isPresent() && !confirmed && !hintIsTheUser) {
            return confirmation(parameters, page, tenantLanguage, client, postLogoutUri, csrf.forForm(Csrf.Purpose.LOGOUT,
                    cookies.csrf(sent), binding(sessionCookie.get())), post && parameters.has(CONFIRM_FIELD) ? 403 : 200);
        }
        session.ifPresent(ended -> end(sessionCookie.get(), ended, client));
        List<String> setCookies = new ArrayList<>(page.setCookies());
        sessionCookie.ifPresent(ended -> setCookies.add(cookies.clearSession()));
        if (postLogoutUri.isPresent()) {
            return HtmlResponse.redirect(UrlQuery.on(postLogoutUri.get()).add("state", parameters.optional("state")).toUri(), post,
                    setCookies);
        }
        Language language = page.language(tenantLanguage);
        return HtmlResponse.page(200, pages(client).signedOut(client.map(Client::name), page.languageSwitch(language)), setCookies);
    }

    /** issue 17, branding: the pages in the look of the client's tenant, when the client is known. */
    private static Pages pages(Optional<Client> client) {
        return Pages.SERVED.branded(look(client));
    }

    private static PageBrand look(Optional<Client> client) {
        return client.map(known -> Branding.page(known.tenant())).orElse(PageBrand.NONE);
    }

    /** An error of a sign-out request: always a page, since no address to return to is trusted. */
    public static BrowserError error(String key, Object... arguments) {
        return BrowserError.page(ERROR_TITLE, Message.of(key, arguments));
    }

    private void end(String cookie, SignInSession session, Optional<Client> client) {
        Instant now = clock.instant();
        // issue 18: the applications the session served are told (the outbox, in this transaction)
        sessions.end(cookie).ifPresent(ended -> backChannel.sessionsEnded(List.of(ended)));
        int revoked = refreshTokens.revokeForLogout(session.id(), now);
        events.fire(new SignInEvent.SignedOut(session.tenantId(), session.userId(), session.id(), client.map(Client::clientId), revoked));
    }

    /** What a confirmation's CSRF token is bound to: the session (by a digest of its cookie, never the cookie itself). */
    private static List<Optional<String>> binding(String sessionCookie) {
        return List.of(Optional.of(Csrf.digest(sessionCookie)));
    }

    private Response confirmation(FormParameters parameters, PageRequest page, Optional<Language> tenantLanguage, Optional<Client> client,
                                  Optional<String> postLogoutUri, Csrf.Token token, int status) {
        Map<String, String> hidden = new LinkedHashMap<>();
        client.ifPresent(c -> hidden.put("client_id", c.clientId()));
        // ui_locales too (RP-Initiated Logout §2), so the signed-out page speaks the confirmation's language
        for (String name : List.of("post_logout_redirect_uri", "state", "ui_locales")) {
            parameters.optional(name).ifPresent(value -> hidden.put(name, value));
        }
        hidden.put(Csrf.FIELD, token.value());
        hidden.put(CONFIRM_FIELD, "yes");
        Language language = page.language(tenantLanguage);
        List<String> setCookies = new ArrayList<>(token.setCookies());
        setCookies.addAll(page.setCookies());
        return HtmlResponse.form(status, pages(client).confirmLogout(new Pages.LogoutForm(action, hidden, client.map(Client::name)),
                page.languageSwitch(language)), postLogoutUri, setCookies);
    }
}
