package com.orbusdigital.oid.oauth.logout;

import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.client.ClientRepository;
import com.orbusdigital.oid.client.RedirectUris;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.SignInEvent;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.oauth.RedirectState;
import com.orbusdigital.oid.persistence.UnitOfWork;
import com.orbusdigital.oid.session.SignInSession;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.token.IdTokens;
import com.orbusdigital.oid.token.RefreshTokens;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.Csrf;
import com.orbusdigital.oid.web.page.HtmlResponse;
import com.orbusdigital.oid.web.page.Pages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
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

    private ClientRepository clients;
    private Sessions sessions;
    private RefreshTokens refreshTokens;
    private IdTokens idTokens;
    private Event<IdentityEvent> events;
    private UnitOfWork unitOfWork;
    private Clock clock;
    private String action;
    private BrowserCookies cookies;
    private Csrf csrf;

    protected Logout() {
        // for the CDI proxy
    }

    @Inject
    public Logout(ClientRepository clients, Sessions sessions, RefreshTokens refreshTokens, IdTokens idTokens,
                  Event<IdentityEvent> events, UnitOfWork unitOfWork, Clock clock, OidConfig config, Csrf csrf) {
        this.clients = clients;
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.idTokens = idTokens;
        this.events = events;
        this.unitOfWork = unitOfWork;
        this.clock = clock;
        this.action = config.issuer().endpoint("/logout");
        this.cookies = new BrowserCookies(config.issuer());
        this.csrf = csrf;
    }

    public Response handle(FormParameters parameters, Map<String, Cookie> sent, boolean post) {
        Optional<String> hintToken = parameters.optional("id_token_hint");
        Optional<IdTokens.Hint> hint = hintToken.flatMap(idTokens::readHint);
        if (hintToken.isPresent() && hint.isEmpty()) {
            return errorPage("The sign-out request carries an ID token that OID did not issue.");
        }
        Optional<String> clientId = parameters.optional("client_id");
        if (hint.isPresent() && clientId.filter(id -> !id.equals(hint.get().clientId())).isPresent()) {
            return errorPage("The sign-out request names two different applications.");
        }
        Optional<String> named = hint.map(IdTokens.Hint::clientId).or(() -> clientId);
        Optional<Client> client = named.flatMap(id -> unitOfWork.call(() -> clients.findByClientId(id)));
        if (named.isPresent() && client.isEmpty()) {
            return errorPage("The application that sent you here is not known.");
        }
        Optional<String> postLogoutUri = parameters.optional("post_logout_redirect_uri");
        if (postLogoutUri.isPresent()
                && client.filter(c -> RedirectUris.allows(c.postLogoutRedirectUris(), postLogoutUri.get(), c.type())).isEmpty()) {
            return errorPage(client.isEmpty()
                    ? "The sign-out request asks to return to an address without saying which application it belongs to."
                    : "The address to return to after signing out is not registered for this application.");
        }
        if (parameters.optional("state").filter(state -> !RedirectState.fits(state)).isPresent()) {
            // checked before the session ends: the state goes back in the Location header and must fit there
            return errorPage("The sign-out request's state is too long to be sent back to the application (at most "
                    + RedirectState.MAX_BYTES + " bytes URL-encoded).");
        }
        Optional<String> sessionCookie = cookies.session(sent);
        Optional<SignInSession> session = sessionCookie.flatMap(sessions::resume);
        boolean confirmed = post && parameters.has(CONFIRM_FIELD) && sessionCookie.isPresent()
                && csrf.matches(Csrf.Purpose.LOGOUT, parameters.optional(Csrf.FIELD), cookies.csrf(sent), binding(sessionCookie.get()));
        boolean hintIsTheUser = hint.isPresent() && session.map(s -> s.userId().equals(hint.get().subject())).orElse(false);
        if (session.isPresent() && !confirmed && !hintIsTheUser) {
            return confirmation(parameters, client, postLogoutUri, csrf.forForm(Csrf.Purpose.LOGOUT, cookies.csrf(sent),
                    binding(sessionCookie.get())), post && parameters.has(CONFIRM_FIELD) ? 403 : 200);
        }
        session.ifPresent(ended -> end(sessionCookie.get(), ended, client));
        List<String> setCookies = sessionCookie.isPresent() ? List.of(cookies.clearSession()) : List.of();
        if (postLogoutUri.isPresent()) {
            StringBuilder location = new StringBuilder(postLogoutUri.get());
            parameters.optional("state").ifPresent(state -> location.append(postLogoutUri.get().contains("?") ? '&' : '?')
                    .append("state=").append(RedirectState.encode(state)));
            return HtmlResponse.redirect(URI.create(location.toString()), post, setCookies);
        }
        return HtmlResponse.page(200, Pages.SERVED.signedOut(client.map(Client::name)), setCookies);
    }

    public Response errorPage(String message) {
        return HtmlResponse.page(400, Pages.SERVED.error("Signing out cannot continue", message), List.of());
    }

    private void end(String cookie, SignInSession session, Optional<Client> client) {
        unitOfWork.call(() -> {
            Instant now = clock.instant();
            sessions.end(cookie);
            int revoked = refreshTokens.revokeForLogout(session.id(), now);
            events.fire(new SignInEvent.SignedOut(session.tenantId(), session.userId(), session.id(), client.map(Client::clientId),
                    revoked));
            return null;
        });
    }

    /** What a confirmation's CSRF token is bound to: the session (by a digest of its cookie, never the cookie itself). */
    private static List<Optional<String>> binding(String sessionCookie) {
        return List.of(Optional.of(Csrf.digest(sessionCookie)));
    }

    private Response confirmation(FormParameters parameters, Optional<Client> client, Optional<String> postLogoutUri, Csrf.Token token,
                                  int status) {
        Map<String, String> hidden = new LinkedHashMap<>();
        client.ifPresent(c -> hidden.put("client_id", c.clientId()));
        for (String name : List.of("post_logout_redirect_uri", "state")) {
            parameters.optional(name).ifPresent(value -> hidden.put(name, value));
        }
        hidden.put(Csrf.FIELD, token.value());
        hidden.put(CONFIRM_FIELD, "yes");
        return HtmlResponse.form(status, Pages.SERVED.confirmLogout(new Pages.LogoutForm(action, hidden, client.map(Client::name))),
                postLogoutUri, token.setCookies());
    }
}
