package com.orbusdigital.oid.oauth.authorize;

import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.client.ClientRepository;
import com.orbusdigital.oid.client.ClientService;
import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.oauth.code.AuthorizationCodes;
import com.orbusdigital.oid.oauth.code.Pkce;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.session.Csrf;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.session.SignInSession;
import com.orbusdigital.oid.token.IdTokens;
import com.orbusdigital.oid.user.UserRepository;
import com.orbusdigital.oid.user.signin.PasswordSignIn;
import com.orbusdigital.oid.user.signin.SignInFailure;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.UrlQuery;
import com.orbusdigital.oid.web.page.BrowserError;
import com.orbusdigital.oid.web.page.BrowserErrorMapper;
import com.orbusdigital.oid.web.page.HtmlResponse;
import com.orbusdigital.oid.web.page.Language;
import com.orbusdigital.oid.web.page.Message;
import com.orbusdigital.oid.web.page.PageRequest;
import com.orbusdigital.oid.web.page.Pages;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.UUID;

/**
 * What the browser sees between a client's authorization request and the redirect back with a
 * code: the checks, then either the existing sign-in session, the login page, or an error (a
 * {@link BrowserError}: a page until the client and redirect URI are trusted, a redirect to the
 * client after). The pages speak the language the request chooses ({@link PageRequest}).
 * <p>
 * The login page carries the authorization request in hidden fields and posts it back with the
 * credentials, where it is checked again from scratch: nothing about a pending sign-in is stored,
 * so any replica can answer the post. A CSRF token bound to the browser's CSRF cookie and to the
 * pending request (client, redirect URI, state, nonce, PKCE challenge) guards the form against
 * cross-site posts (login CSRF), even from someone who planted a cookie of their own.
 * <p>
 * Consent: first-party clients need none. A client that is not first-party gets
 * {@code consent_required} until a consent screen exists; this is the one place to add it.
 */
@ApplicationScoped
public class AuthorizationFlow {

    /**
     * The authorization parameters the login form carries over, and the language switch repeats
     * (but for ui_locales, which would win over the user's pick); anything else was ignored anyway.
     */
    static final List<String> CARRIED = List.of("response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
            "code_challenge", "code_challenge_method", "prompt", "max_age", "login_hint", "id_token_hint", "response_mode",
            "claims", "ui_locales");
    static final Message WRONG_CREDENTIALS = Message.of("login.wrong_credentials");
    static final Message DISABLED = Message.of("login.disabled");
    static final Message MISSING = Message.of("login.missing");
    static final Message EXPIRED_FORM = Message.of("login.expired_form");

    private AuthorizationChecks checks;
    private AuthorizationChecks loginChecks;
    private ClientRepository clients;
    private Sessions sessions;
    private AuthorizationCodes codes;
    private PasswordSignIn signIn;
    private IdTokens idTokens;
    private UserRepository users;
    private Clock clock;
    private Issuer issuer;
    private BrowserCookies cookies;
    private Csrf csrf;

    protected AuthorizationFlow() {
        // for the CDI proxy
    }

    @Inject
    public AuthorizationFlow(ClientRepository clients, ClientService clientService, Sessions sessions, AuthorizationCodes codes,
                             PasswordSignIn signIn, IdTokens idTokens, UserRepository users, Clock clock, OidConfig config,
                             Csrf csrf) {
        // in /authorize's transaction; at /login, before the password is hashed, in one of its own
        this.checks = new AuthorizationChecks(clients::findByClientId, config.signIn().requirePkce());
        this.loginChecks = new AuthorizationChecks(clientService::findByClientId, config.signIn().requirePkce());
        this.clients = clients;
        this.sessions = sessions;
        this.codes = codes;
        this.signIn = signIn;
        this.idTokens = idTokens;
        this.users = users;
        this.clock = clock;
        this.issuer = config.issuer();
        this.cookies = new BrowserCookies(config.issuer());
        this.csrf = csrf;
    }

    /**
     * What the pages of this request need to know of it: the language it chooses and how the
     * language switch asks for the page again (a GET of /authorize with the carried parameters).
     *
     * @param parameters the request's parameters, empty when they could not be read
     */
    public PageRequest pageRequest(Optional<FormParameters> parameters, HttpHeaders headers) {
        Map<String, String> read = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(CARRIED);
        names.add("lang");
        parameters.ifPresent(present -> names.forEach(name -> present.optional(name).ifPresent(value -> read.put(name, value))));
        return PageRequest.of("authorize", read, CARRIED, headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE), Optional.of(cookies),
                headers.getCookies());
    }

    /** GET or POST /authorize: one transaction (the client, the session, the code). */
    @Transactional
    public Response authorize(FormParameters parameters, PageRequest page, Map<String, Cookie> sent, boolean post) {
        AuthorizationRequest request = checks.check(parameters);
        requireConsentNotNeeded(request);
        Optional<IdTokens.Hint> hint = idTokenHint(request);
        Optional<SignInSession> session = cookies.session(sent).flatMap(sessions::resume)
                .filter(s -> s.tenantId().equals(request.client().tenant().id()));
        boolean mustSignIn = session.isEmpty() || mustSignInAgain(request, session.get(), hint, clock.instant());
        if (!mustSignIn) {
            return codeRedirect(request, session.get(), post, List.of());
        }
        if (request.prompt().contains("none")) {
            throw toClient(request, OAuthError.LOGIN_REQUIRED, "the user is not signed in (prompt=none)");
        }
        String username = request.loginHint().or(() -> hint.flatMap(h -> username(request, h))).orElse("");
        return loginPage(200, page, parameters, request, username, Optional.empty(),
                csrf.forForm(Csrf.Purpose.LOGIN, cookies.csrf(sent), binding(request)));
    }

    /**
     * POST /login: the login form. In steps, so that no connection is held while the password is
     * hashed: the request's checks (the client read in a transaction of its own), the sign-in, then
     * the code.
     */
    public Response login(FormParameters form, PageRequest page, Map<String, Cookie> sent) {
        AuthorizationRequest request = loginChecks.check(form);
        requireConsentNotNeeded(request);
        String username = form.optional("username").orElse("");
        if (!csrf.matches(Csrf.Purpose.LOGIN, form.optional(Csrf.FIELD), cookies.csrf(sent), binding(request))) {
            // a fresh field; the browser's cookie is kept, so that a refused post cannot break its other open forms
            return loginPage(403, page, form, request, username, Optional.of(EXPIRED_FORM),
                    csrf.forForm(Csrf.Purpose.LOGIN, cookies.csrf(sent), binding(request)));
        }
        // the form again, if need be, with the token it came with: still valid for this request
        Csrf.Token posted = new Csrf.Token(form.optional(Csrf.FIELD).orElseThrow(), List.of());
        Optional<String> password = form.optional("password");
        if (username.isBlank() || password.isEmpty()) {
            return loginPage(200, page, form, request, username, Optional.of(MISSING), posted);
        }
        Client client = request.client();
        PasswordSignIn.Result result = signIn.signIn(client.tenant().id(), username, password.get(), client.clientId());
        if (result instanceof PasswordSignIn.Result.Refused refused) {
            return loginPage(200, page, form, request, username, Optional.of(message(refused.failure())), posted);
        }
        Sessions.Started started = ((PasswordSignIn.Result.SignedIn) result).session();
        // a new session id at every sign-in (no session fixation); the previous one ends here
        cookies.session(sent).ifPresent(sessions::end);
        return codeRedirect(request, started.session(), true, List.of(cookies.session(started.cookieValue())));
    }

    /** A disabled user who gave the right password is told so; everything else reads as a wrong password, a lock too. */
    private static Message message(SignInFailure failure) {
        return failure == SignInFailure.DISABLED ? DISABLED : WRONG_CREDENTIALS;
    }

    /** A client that is not first-party would need a consent screen, which does not exist yet. */
    private static void requireConsentNotNeeded(AuthorizationRequest request) {
        if (!request.client().firstParty()) {
            throw toClient(request, OAuthError.CONSENT_REQUIRED, "this application needs the user's consent, which OID cannot ask for yet");
        }
    }

    /** OIDC Core §3.1.2.1: an ID token we issued, for a user of the client's tenant; otherwise the request is refused. */
    private Optional<IdTokens.Hint> idTokenHint(AuthorizationRequest request) {
        if (request.idTokenHint().isEmpty()) {
            return Optional.empty();
        }
        UUID tenant = request.client().tenant().id();
        return Optional.of(idTokens.readHint(request.idTokenHint().get())
                .filter(hint -> hint.clientId().equals(request.client().clientId()) || tenantOf(hint.clientId()).equals(Optional.of(tenant)))
                .orElseThrow(() -> toClient(request, OAuthError.INVALID_REQUEST,
                        "id_token_hint is not an ID token issued by OID for this tenant")));
    }

    /** The tenant of the client an ID token was issued to (its azp): the tenant of its user. */
    private Optional<UUID> tenantOf(String clientId) {
        return clients.findByClientId(clientId).map(client -> client.tenant().id());
    }

    private Optional<String> username(AuthorizationRequest request, IdTokens.Hint hint) {
        return users.find(request.client().tenant().id(), hint.subject()).map(user -> user.username());
    }

    /**
     * OIDC Core §5.5.1: an ID token's {@code sub} requested with a value is an answer for that user
     * only, never for whoever else is signed in.
     */
    /**
     * Whether the live {@code session} must still sign in again for this request (OIDC Core §3.1.2.1):
     * prompt=login, a max_age its sign-in is older than, or an id_token_hint or claims request naming
     * someone else.
     */
    static boolean mustSignInAgain(AuthorizationRequest request, SignInSession session, Optional<IdTokens.Hint> hint, Instant now) {
        return request.prompt().contains("login")
                || request.maxAge().filter(maxAge -> session.authTime().plusSeconds(maxAge).isBefore(now)).isPresent()
                || hint.filter(h -> !h.subject().equals(session.userId())).isPresent()
                || !isRequestedSubject(request, session);
    }

    private static boolean isRequestedSubject(AuthorizationRequest request, SignInSession session) {
        ClaimsRequest.Requested sub = request.claims().idToken().get("sub");
        return sub == null || sub.accepts(session.userId().toString());
    }

    private Response codeRedirect(AuthorizationRequest request, SignInSession session, boolean post, List<String> setCookies) {
        if (!isRequestedSubject(request, session)) {
            // written here rather than thrown: a sign-in that just happened keeps its session cookie
            BrowserError refused = toClient(request, OAuthError.LOGIN_REQUIRED, "the user who signed in is not the one the claims request names (sub)");
            return HtmlResponse.redirect(BrowserErrorMapper.location(refused, issuer.value()), post, setCookies);
        }
        String code = codes.issue(request, session);
        return HtmlResponse.redirect(UrlQuery.on(request.redirectUri()).add("code", code).add("state", request.state())
                .add("iss", issuer.value()).toUri(), post, setCookies);
    }

    /** What a login form's CSRF token is bound to: the pending authorization request. */
    private static List<Optional<String>> binding(AuthorizationRequest request) {
        return List.of(Optional.of(request.client().clientId()), Optional.of(request.redirectUri()), request.state(), request.nonce(),
                request.challenge().map(Pkce.Challenge::value));
    }

    private Response loginPage(int status, PageRequest page, FormParameters parameters, AuthorizationRequest request, String username,
                               Optional<Message> error, Csrf.Token token) {
        Map<String, String> hidden = new LinkedHashMap<>();
        for (String name : CARRIED) {
            parameters.optional(name).ifPresent(value -> hidden.put(name, value));
        }
        hidden.put(Csrf.FIELD, token.value());
        Client client = request.client();
        Language language = page.language(AuthorizationChecks.tenantLanguage(client));
        String html = Pages.SERVED.login(new Pages.LoginForm(client.tenant().name(), client.name(), issuer.endpoint("/login"),
                hidden, username.length() > PasswordSignIn.MAX_LOGIN_LENGTH ? "" : username, error), page.languageSwitch(language));
        List<String> setCookies = new ArrayList<>(token.setCookies());
        setCookies.addAll(page.setCookies());
        return HtmlResponse.form(status, html, Optional.of(request.redirectUri()), setCookies);
    }

    /** An error of a request whose client and redirect URI are established: it goes back to the client. */
    private static BrowserError toClient(AuthorizationRequest request, OAuthError error, String description) {
        return BrowserError.toClient(new BrowserError.ReturnTo(request.redirectUri(), request.state()), error, description);
    }
}
