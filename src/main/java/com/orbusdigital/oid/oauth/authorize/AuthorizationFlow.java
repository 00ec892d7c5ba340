package com.orbusdigital.oid.oauth.authorize;

import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.client.ClientCache;
import com.orbusdigital.oid.client.ClientRepository;
import com.orbusdigital.oid.client.ClientService;
import com.orbusdigital.oid.client.ConsoleClients;
import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.factor.Enrolled;
import com.orbusdigital.oid.federation.FederatedSignIns; // issue 18, federation
import com.orbusdigital.oid.factor.EnrolledFactors;
import com.orbusdigital.oid.factor.FactorMethod;
import com.orbusdigital.oid.factor.Method;
import com.orbusdigital.oid.factor.SignInPolicy;
import com.orbusdigital.oid.factor.SignInStep;
import com.orbusdigital.oid.factor.StepView;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.oauth.code.AuthorizationCodes;
import com.orbusdigital.oid.oauth.code.Pkce;
import com.orbusdigital.oid.oauth.consent.Consents;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.Factor;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.Proofs;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.session.Csrf;
import com.orbusdigital.oid.session.PendingSignIn;
import com.orbusdigital.oid.session.PendingSignIns;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.session.SignInSession;
import com.orbusdigital.oid.tenant.Branding;
import com.orbusdigital.oid.token.IdTokens;
import com.orbusdigital.oid.user.UserRepository;
import com.orbusdigital.oid.user.signin.PasswordSignIn;
import com.orbusdigital.oid.user.signin.SignInAttempts;
import com.orbusdigital.oid.user.signin.SignInFailure;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.UrlQuery;
import com.orbusdigital.oid.web.page.BrowserError;
import com.orbusdigital.oid.web.page.AuthorizationResponse;
import com.orbusdigital.oid.web.page.HtmlResponse;
import com.orbusdigital.oid.web.page.Language;
import com.orbusdigital.oid.web.page.Message;
import com.orbusdigital.oid.web.page.PageRequest;
import com.orbusdigital.oid.web.page.Pages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
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
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

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
 * Consent (issue 17): first-party clients need none. A third-party client's code waits for its
 * user's consent to the scopes it asks for ({@link Consents}): once the sign-in is complete, or a
 * live session answers, the consent page is shown instead of the redirect, and its form comes back
 * to {@link #consented}.
 */
@ApplicationScoped
public class AuthorizationFlow {

    /**
     * The authorization parameters the login form carries over, and the language switch repeats
     * (but for ui_locales, which would win over the user's pick); anything else was ignored anyway.
     */
    public static final List<String> CARRIED = List.of("response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
            "code_challenge", "code_challenge_method", "prompt", "max_age", "login_hint", "id_token_hint", "response_mode",
            "claims", "ui_locales", "acr_values");
    static final Message WRONG_CREDENTIALS = Message.of("login.wrong_credentials");
    static final Message DISABLED = Message.of("login.disabled");
    static final Message MISSING = Message.of("login.missing");
    static final Message EXPIRED_FORM = Message.of("login.expired_form");
    static final Message STEP_EXPIRED = Message.of("step.expired");
    static final Message STEP_UNAVAILABLE = Message.of("step.unavailable");

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
    private SignInAttempts attempts;
    private PendingSignIns pendingSignIns;
    private EnrolledFactors enrolledFactors;
    private Instance<FactorMethod> factorMethods;
    private Consents consents;
    private FederatedSignIns federation; // issue 18

    protected AuthorizationFlow() {
        // for the CDI proxy
    }

    @Inject
    public AuthorizationFlow(ClientRepository clients, ClientService clientService, Sessions sessions, AuthorizationCodes codes,
                             PasswordSignIn signIn, IdTokens idTokens, UserRepository users, Clock clock, OidConfig config,
                             Csrf csrf, SignInAttempts attempts, PendingSignIns pendingSignIns, EnrolledFactors enrolledFactors,
                             @Any Instance<FactorMethod> factorMethods, ConsoleClients consoles, Consents consents,
                             ClientCache clientCache, FederatedSignIns federation) {
        // /authorize reads the client in its transaction
        this.checks = new AuthorizationChecks(clientId -> consoles.find(clientId).or(() -> clients.findByClientId(clientId)),
                config.signIn().requirePkce());
        // every later step from memory (no read transaction per step); the database for what memory lacks
        this.loginChecks = new AuthorizationChecks(clientId -> clientCache.findForSignIn(clientId).or(() -> clientService.findForSignIn(clientId)),
                config.signIn().requirePkce());
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
        this.attempts = attempts;
        this.pendingSignIns = pendingSignIns;
        this.enrolledFactors = enrolledFactors;
        this.factorMethods = factorMethods;
        this.consents = consents;
        this.federation = federation; // issue 18
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
        Optional<IdTokens.Hint> hint = idTokenHint(request);
        Optional<SignInSession> session = cookies.session(sent).flatMap(sessions::resume)
                .filter(s -> s.tenantId().equals(request.client().tenant().id()));
        boolean mustSignIn = session.isEmpty() || mustSignInAgain(request, session.get(), hint, clock.instant());
        if (!mustSignIn && isStrongEnough(request, session.get())) {
            return codeOrConsent(request, session.get(), page, parameters, sent, post, List.of());
        }
        if (request.prompt().contains("none")) {
            throw toClient(request, OAuthError.LOGIN_REQUIRED, mustSignIn ? "the user is not signed in (prompt=none)"
                    : "the sign-in needs another factor (prompt=none)");
        }
        if (!mustSignIn) {
            // step-up: the live session proves another factor, without the password again
            Csrf.Token token = csrf.forForm(Csrf.Purpose.LOGIN, cookies.csrf(sent), binding(request));
            SignInSession live = session.get();
            return advance(new Progress(request, page, parameters, sent, token, live.userId(), live.proofs(), Optional.empty(),
                    Optional.of(live.id()), Optional.empty()), post);
        }
        // issue 18: an application that knows the person's provider (idp_hint, an alias) skips OID's login page
        Optional<FederatedSignIns.Departure> hinted = parameters.optional("idp_hint").flatMap(alias -> FederationPages.departing(
                request.client(), () -> federation.byAlias(request.client().tenant().id(), alias, carriedQuery(parameters), request.loginHint())));
        if (hinted.isPresent()) {
            return depart(hinted.get(), post);
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
        String username = form.optional("username").orElse("");
        if (!csrf.matches(Csrf.Purpose.LOGIN, form.optional(Csrf.FIELD), cookies.csrf(sent), binding(request))) {
            // a fresh field; the browser's cookie is kept, so that a refused post cannot break its other open forms
            return loginPage(403, page, form, request, username, Optional.of(EXPIRED_FORM),
                    csrf.forForm(Csrf.Purpose.LOGIN, cookies.csrf(sent), binding(request)));
        }
        // the form again, if need be, with the token it came with: still valid for this request
        Csrf.Token posted = new Csrf.Token(form.optional(Csrf.FIELD).orElseThrow(), List.of());
        // --- issue 18: a tenant whose users sign in only through its provider takes no password; an address
        // whose domain a provider of the tenant claims goes there (home-realm discovery: by the domain alone)
        UUID tenantOfClient = request.client().tenant().id();
        if (federation.providersOnly(tenantOfClient)) {
            return loginPage(200, page, form, request, "", Optional.of(FederationPages.PROVIDERS_ONLY), posted);
        }
        Optional<FederatedSignIns.Departure> discovered = FederationPages.departing(request.client(),
                () -> federation.byDomain(tenantOfClient, username, carriedQuery(form)));
        if (discovered.isPresent()) {
            return depart(discovered.get(), true);
        }
        // --- end of issue 18 ---
        Optional<String> password = form.optional("password");
        if (username.isBlank() || password.isEmpty()) {
            return loginPage(200, page, form, request, username, Optional.of(MISSING), posted);
        }
        Client client = request.client();
        PasswordSignIn.Result result = signIn.signIn(client.tenant().id(), username, password.get(), client.clientId());
        if (result instanceof PasswordSignIn.Result.Refused refused) {
            return loginPage(200, page, form, request, username, Optional.of(message(refused.failure())), posted);
        }
        PasswordSignIn.Result.Verified verified = (PasswordSignIn.Result.Verified) result;
        return advance(new Progress(request, page, form, sent, posted, verified.user().id(), Proofs.of(Factor.PASSWORD, verified.at()),
                Optional.empty(), Optional.empty(), verified.rehash()), true);
    }

    // --- issue 18, federation: signing in through a tenant's own OpenID provider ---
    /**
     * POST /login/federation/start, a "Continue with …" button of the login page: the authorization
     * request and its CSRF field checked as at /login, then the browser goes to the tenant's provider
     * the button names (another tenant's, or one disabled meanwhile: the login page again).
     */
    public Response federate(FormParameters form, PageRequest page, Map<String, Cookie> sent) {
        AuthorizationRequest request = loginChecks.check(form);
        if (!csrf.matches(Csrf.Purpose.LOGIN, form.optional(Csrf.FIELD), cookies.csrf(sent), binding(request))) {
            return loginPage(403, page, form, request, "", Optional.of(EXPIRED_FORM),
                    csrf.forForm(Csrf.Purpose.LOGIN, cookies.csrf(sent), binding(request)));
        }
        Csrf.Token posted = new Csrf.Token(form.optional(Csrf.FIELD).orElseThrow(), List.of());
        Optional<FederatedSignIns.Departure> departure = FederationPages.departing(request.client(),
                () -> federation.byId(request.client().tenant().id(), form.optional("provider").orElse(""), carriedQuery(form)));
        return departure.map(leaving -> depart(leaving, true))
                .orElseGet(() -> loginPage(200, page, form, request, "", Optional.empty(), posted));
    }

    /**
     * The authorization request a provider's answer resumes, checked again from scratch; one of
     * another tenant than the provider's is refused (a page).
     */
    public AuthorizationRequest resumeFederated(FormParameters carried, UUID providerTenantId) {
        AuthorizationRequest request = loginChecks.check(carried);
        if (!request.client().tenant().id().equals(providerTenantId)) {
            throw AuthorizationChecks.ofClient(BrowserError.page(AuthorizationChecks.ERROR_TITLE, STEP_UNAVAILABLE), request.client());
        }
        return request;
    }

    /**
     * The provider vouched for {@code userId} ({@code proofs}: fed, and the provider's own factors when
     * trusted): the sign-in goes on as after the password — a second factor the tenant asks for,
     * then the session and the code (or the consent page).
     */
    public Response federated(AuthorizationRequest request, FormParameters carried, PageRequest page, Map<String, Cookie> sent,
                              UUID userId, Proofs proofs) {
        Csrf.Token token = csrf.forForm(Csrf.Purpose.LOGIN, cookies.csrf(sent), binding(request));
        Progress progress = new Progress(request, page, carried, sent, token, userId, proofs, Optional.empty(), Optional.empty(),
                Optional.empty());
        Response response = advance(progress, false);
        // the attempt is spent: its cookie goes with this answer
        return Response.fromResponse(response).header("Set-Cookie", cookies.clearFederation()).build();
    }

    private Response depart(FederatedSignIns.Departure departure, boolean post) {
        return HtmlResponse.redirect(departure.location(), post, List.of(cookies.federation(departure.browserValue())));
    }

    /** The authorization parameters carried, as the query string the attempt keeps to resume them. */
    private static String carriedQuery(FormParameters form) {
        StringBuilder query = new StringBuilder();
        carried(form).forEach((name, value) -> query.append(query.length() == 0 ? "" : "&").append(UrlQuery.encode(name)).append('=')
                .append(UrlQuery.encode(value)));
        return query.toString();
    }
    // --- end of issue 18, federation ---

    // --- issue 17: a sign-in for a user whose password was just set (self sign-up; an invitation may share it) ---
    /**
     * Continues the carried authorization request for a user of its client's tenant whose password
     * was just set through a link that also proved their address: as if the password had just been
     * given at /login (amr pwd), so a factor the tenant or client requires is proved or enrolled next,
     * then the code (or the consent page) goes to the client. The request is checked again from
     * scratch; a user of another tenant is refused.
     */
    public Response signInWithNewPassword(FormParameters carried, PageRequest page, Map<String, Cookie> sent, UUID tenantId, UUID userId) {
        AuthorizationRequest request = loginChecks.check(carried);
        if (!request.client().tenant().id().equals(tenantId)) {
            // never a sign-in across tenants: the person signs in again from their application
            throw BrowserError.page(AuthorizationChecks.ERROR_TITLE, STEP_UNAVAILABLE).inLanguageOf(AuthorizationChecks.tenantLanguage(
                    request.client()));
        }
        Csrf.Token token = csrf.forForm(Csrf.Purpose.LOGIN, cookies.csrf(sent), binding(request));
        return advance(new Progress(request, page, carried, sent, token, userId, Proofs.of(Factor.PASSWORD, clock.instant()),
                Optional.empty(), Optional.empty(), Optional.empty()), true);
    }
    // --- end of issue 17, a sign-in for a user whose password was just set ---

    /**
     * Where a sign-in stands after a proof: the authorization request it serves, the form that
     * carried it, who, what they proved, and the pending sign-in or the session being stepped up.
     */
    private record Progress(AuthorizationRequest request, PageRequest page, FormParameters form, Map<String, Cookie> sent,
                            Csrf.Token token, UUID userId, Proofs proofs, Optional<PendingSignIn> pending,
                            Optional<UUID> steppingUp, Optional<SignInAttempts.Rehash> rehash) {}

    /** A step's form, resumed: what a factor's endpoint verifies against, then hands to {@link #proved}. */
    public record StepContext(AuthorizationRequest request, PageRequest page, FormParameters form, Map<String, Cookie> sent,
                              Csrf.Token token, PendingSignIn pending) {

        /** Who signs in; empty only before a passkey named them. */
        public Optional<UUID> userId() {
            return pending.userId();
        }
    }

    /** What resuming a step's form came to: ready for the factor's check, or already answered (an expired form or sign-in). */
    public sealed interface Resumed {

        /** {@code next} of the step when ready, the answer already made otherwise. */
        default Response then(Function<StepContext, Response> next) {
            return this instanceof Ready ready ? next.apply(ready.step()) : ((Answered) this).response();
        }

        record Ready(StepContext step) implements Resumed {}

        record Answered(Response response) implements Resumed {}
    }

    /**
     * A step's form (a second factor, an enrolment, the choice of another method): the authorization
     * request checked again, the CSRF field, then the browser's pending sign-in, whose user is known.
     * A form too old, or a sign-in that expired, is the login page again, saying so.
     */
    public Resumed resume(FormParameters form, PageRequest page, Map<String, Cookie> sent) {
        return resume(form, page, sent, false);
    }

    /** The same for the login page's passkey (no one named yet): the sign-in its script started. */
    public Resumed resumePasskeySignIn(FormParameters form, PageRequest page, Map<String, Cookie> sent) {
        return resume(form, page, sent, true);
    }

    private Resumed resume(FormParameters form, PageRequest page, Map<String, Cookie> sent, boolean passkeyAlone) {
        AuthorizationRequest request = loginChecks.check(form);
        String clear = passkeyAlone ? cookies.clearPasskeySignIn() : cookies.clearSignIn();
        if (!csrf.matches(Csrf.Purpose.LOGIN, form.optional(Csrf.FIELD), cookies.csrf(sent), binding(request))) {
            return new Resumed.Answered(loginPage(403, page, form, request, "", Optional.of(EXPIRED_FORM),
                    csrf.forForm(Csrf.Purpose.LOGIN, cookies.csrf(sent), binding(request)), List.of(clear)));
        }
        Csrf.Token posted = new Csrf.Token(form.optional(Csrf.FIELD).orElseThrow(), List.of());
        // the passkey sign-in's request brings an assertion: its challenge is taken as the sign-in is read
        Optional<PendingSignIn> pending = (passkeyAlone ? cookies.passkeySignIn(sent).flatMap(pendingSignIns::findTakingChallenge)
                : cookies.signIn(sent).flatMap(pendingSignIns::find))
                .filter(found -> found.tenantId().equals(request.client().tenant().id()))
                .filter(found -> found.userId().isEmpty() == passkeyAlone);
        if (pending.isEmpty()) {
            return new Resumed.Answered(loginPage(200, page, form, request, "", Optional.of(STEP_EXPIRED), posted, List.of(clear)));
        }
        return new Resumed.Ready(new StepContext(request, page, form, sent, posted, pending.get()));
    }

    /**
     * A factor's endpoint verified {@code factors} (proved now): the sign-in goes on to its next
     * step, or is complete and returns to the client with a code.
     *
     * @param enrolledNow the factor was set up in this step (its endpoint asked {@link #mayEnrol(StepContext, Method)} before storing it)
     */
    public Response proved(StepContext step, List<Factor> factors, boolean enrolledNow) {
        return proved(step, step.pending().userId().orElseThrow(() -> new IllegalStateException("a factor was proved for no one")), factors,
                enrolledNow);
    }

    /**
     * The same, by {@code userId}: the pending sign-in's user, or whom a passkey named when it had none
     * yet (a sign-in without a username), who from then on is the only one it may sign in. When this was
     * the last step, the pending sign-in ends as it is completed, in the one statement that also makes
     * sure it was still live and this user's; otherwise that statement records the proof.
     */
    public Response proved(StepContext step, UUID userId, List<Factor> factors, boolean enrolledNow) {
        PendingSignIn pending = step.pending();
        Proofs proofs = pending.proofs().with(factors, clock.instant());
        SignInStep next = next(step.request(), userId, proofs);
        if (next instanceof SignInStep.Done && !enrolledNow && !pending.enrolled()) {
            if (!pendingSignIns.finish(pending.id(), userId)) {
                return stepExpired(step);
            }
            return complete(new Progress(step.request(), step.page(), step.form(), step.sent(), step.token(), userId, proofs,
                    Optional.empty(), pending.sessionId(), Optional.empty()), true, new ArrayList<>(List.of(clearCookie(pending))));
        }
        Optional<PendingSignIn> recorded = pendingSignIns.prove(pending.id(), userId, proofs, enrolledNow);
        if (recorded.isEmpty()) {
            return stepExpired(step);
        }
        return advance(new Progress(step.request(), step.page(), step.form(), step.sent(), step.token(), userId, proofs, recorded,
                pending.sessionId(), Optional.empty()), next, true);
    }

    private Response stepExpired(StepContext step) {
        return loginPage(200, step.page(), step.form(), step.request(), "", Optional.of(STEP_EXPIRED), step.token(),
                List.of(clearCookie(step.pending())));
    }

    /** The cookie naming {@code pending}, cleared: a sign-in by passkey alone has its own. */
    private String clearCookie(PendingSignIn pending) {
        return pending.userId().isEmpty() ? cookies.clearPasskeySignIn() : cookies.clearSignIn();
    }

    /** The step's page for {@code method} again, saying what went wrong (a wrong code, a failed assertion). */
    public Response refused(StepContext step, Method method, boolean enrol, Message error) {
        return stepPage(step.request(), step.page(), step.form(), step.token(), step.pending(), method, enrol && mayEnrol(step, method),
                options(step), Optional.of(error), List.of());
    }

    /**
     * Whether this pending sign-in may set {@code method} up now: only when the policy's next step is
     * to enrol and offers it — never because a form says so. A method's endpoint asks before it stores
     * a factor: a user who has a factor proves it before adding another, so a stolen password adds nothing.
     */
    public boolean mayEnrol(StepContext step, Method method) {
        Optional<UUID> userId = step.pending().userId();
        return userId.isPresent() && next(step.request(), userId.get(), step.pending().proofs()) instanceof SignInStep.Enrol enrol
                && enrol.choices().contains(method);
    }


    /**
     * The step's page for another method the user chose ({@code /login/step}); one not on offer
     * shows the first that is. Whether it proves or sets up is the policy's, never the form's.
     */
    public Response show(StepContext step, Optional<Method> chosen) {
        List<Method> options = options(step);
        if (options.isEmpty()) {
            throw AuthorizationChecks.ofClient(BrowserError.page(AuthorizationChecks.ERROR_TITLE, STEP_UNAVAILABLE),
                    step.request().client());
        }
        Method method = chosen.filter(options::contains).orElse(options.get(0));
        return stepPage(step.request(), step.page(), step.form(), step.token(), step.pending(), method, mayEnrol(step, method), options,
                Optional.empty(), List.of());
    }

    // --- issue 16, passkeys: signing in with a passkey alone ---

    /** A sign-in by passkey about to ask the browser for one: its pending sign-in, and the cookie naming it when new. */
    public record PasskeySignIn(PendingSignIn pending, List<String> setCookies) {}

    /**
     * POST /login/passkey/options from the login page: the authorization request checked and its CSRF
     * field, then a pending sign-in with no user yet (the browser's own when it has one that is still
     * at that point, so that asking again does not make another); empty when the form is too old.
     */
    public Optional<PasskeySignIn> startPasskeySignIn(FormParameters form, Map<String, Cookie> sent) {
        AuthorizationRequest request = loginChecks.check(form);
        if (!csrf.matches(Csrf.Purpose.LOGIN, form.optional(Csrf.FIELD), cookies.csrf(sent), binding(request))) {
            return Optional.empty();
        }
        UUID tenantId = request.client().tenant().id();
        Optional<PendingSignIn> unnamed = cookies.passkeySignIn(sent).flatMap(pendingSignIns::find)
                .filter(found -> found.tenantId().equals(tenantId) && found.userId().isEmpty() && found.sessionId().isEmpty());
        if (unnamed.isPresent()) {
            return Optional.of(new PasskeySignIn(unnamed.get(), List.of()));
        }
        PendingSignIns.Started started = pendingSignIns.start(tenantId, Optional.empty(), Optional.empty(), Proofs.NONE);
        return Optional.of(new PasskeySignIn(started.pending(), List.of(cookies.passkeySignIn(started.cookieValue()))));
    }

    /**
     * A passkey that was not accepted: the step's page again when the user is known (a second factor,
     * an enrolment), else the login page, saying {@code error} either way.
     */
    public Response passkeyRefused(StepContext step, boolean enrol, Message error) {
        if (step.pending().userId().isPresent()) {
            return refused(step, Method.PASSKEY, enrol, error);
        }
        return loginPage(200, step.page(), step.form(), step.request(), "", Optional.of(error), step.token());
    }

    // --- end of issue 16, passkeys ---

    // --- issue 17, invitations ---

    /**
     * The state of the authorization request an accepted invitation's sign-in serves ({@code Invitations}
     * makes it, with a PKCE challenge of its own): it ends at the client's redirect URI without a code —
     * the application asked for none and could not exchange it — and the application's own sign-in then
     * finds the session. Anyone may put it in a request of their own: it only withholds their code.
     */
    public static final String INVITATION_STATE_PREFIX = "oid-invitation.";

    private static boolean isInvitationLanding(AuthorizationRequest request) {
        return request.state().filter(state -> state.startsWith(INVITATION_STATE_PREFIX)).isPresent();
    }

    /**
     * An invited person has just chosen their password on the invitation's page, which proves it as
     * the login form would have: their sign-in for {@code request} (built for the invitation's client,
     * or the account page's) goes on from there — a second factor the policy asks for, or one to set
     * up, then the session and the code — exactly as after {@link #login}.
     */
    public Response passwordChosen(FormParameters request, PageRequest page, Map<String, Cookie> sent, UUID userId, Instant provedAt) {
        AuthorizationRequest checked = loginChecks.check(request);
        Csrf.Token token = csrf.forForm(Csrf.Purpose.LOGIN, cookies.csrf(sent), binding(checked));
        return advance(new Progress(checked, page, request, sent, token, userId, Proofs.of(Factor.PASSWORD, provedAt), Optional.empty(),
                Optional.empty(), Optional.empty()), true);
    }

    // --- end of issue 17, invitations ---

    // --- issue 17, consent for third-party applications ---

    static final Message CONSENT_EXPIRED = Message.of("consent.expired_form");

    /**
     * The code, or first the consent page: a third-party client asking for scopes its user has not
     * allowed it yet, or for any with prompt=consent. prompt=none cannot show a page: consent_required
     * (OIDC Core §3.1.2.6). A sign-in of someone other than the claims request names is refused by
     * {@link #codeRedirect} before anyone is asked.
     */
    private Response codeOrConsent(AuthorizationRequest request, SignInSession session, PageRequest page, FormParameters form,
                                   Map<String, Cookie> sent, boolean post, List<String> setCookies) {
        Scope ask = consents.toAsk(session.userId(), request.client(), request.scope(), request.prompt().contains("consent"));
        if (ask.isEmpty() || !isRequestedSubject(request, session)) {
            return codeRedirect(request, session, page, post, setCookies);
        }
        if (request.prompt().contains("none")) {
            throw toClient(request, OAuthError.CONSENT_REQUIRED, "the user has not allowed this application these scopes (prompt=none)");
        }
        return consentPage(200, request, page, form, sent, session, ask, Optional.empty(), setCookies);
    }

    /**
     * POST /login/consent, the consent page's answer: the authorization request checked again from
     * scratch, the browser's session (the one the page was shown to: the CSRF field is bound to it)
     * strong enough for the request; then Allow stores the consent and redirects with the code, Deny
     * with access_denied. prompt=login and max_age are not asked again: the page came right after that
     * sign-in, and the ID token's auth_time says when it was.
     */
    public Response consented(FormParameters form, PageRequest page, Map<String, Cookie> sent) {
        AuthorizationRequest request = loginChecks.check(form);
        UUID tenantId = request.client().tenant().id();
        Optional<SignInSession> session = cookies.session(sent).flatMap(sessions::resume)
                .filter(live -> live.tenantId().equals(tenantId) && isStrongEnough(request, live));
        if (session.isEmpty()) {
            // signed out, or the session ended meanwhile: signing in again leads to the consent page again
            return loginPage(200, page, form, request, "", Optional.of(EXPIRED_FORM),
                    csrf.forForm(Csrf.Purpose.LOGIN, cookies.csrf(sent), binding(request)));
        }
        SignInSession live = session.get();
        String decision = form.optional("decision").orElse("");
        if (!csrf.matches(Csrf.Purpose.CONSENT, form.optional(Csrf.FIELD), cookies.csrf(sent), consentBinding(request, live))
                || !(decision.equals("allow") || decision.equals("deny"))) {
            Scope ask = consents.toAsk(live.userId(), request.client(), request.scope(), request.prompt().contains("consent"));
            return consentPage(403, request, page, form, sent, live, ask.isEmpty() ? request.scope() : ask, Optional.of(CONSENT_EXPIRED),
                    List.of());
        }
        if (decision.equals("deny")) {
            throw toClient(request, OAuthError.ACCESS_DENIED, "the user did not allow this application");
        }
        consents.grant(live.userId(), request.client(), request.scope());
        return codeRedirect(request, live, page, true, List.of());
    }

    private Response consentPage(int status, AuthorizationRequest request, PageRequest page, FormParameters form, Map<String, Cookie> sent,
                                 SignInSession session, Scope ask, Optional<Message> error, List<String> setCookies) {
        Csrf.Token token = csrf.forForm(Csrf.Purpose.CONSENT, cookies.csrf(sent), consentBinding(request, session));
        Map<String, String> hidden = carried(form);
        hidden.put(Csrf.FIELD, token.value());
        Client client = request.client();
        String html = Pages.SERVED.branded(Branding.page(client.tenant())).consent(new Pages.ConsentForm(
                client.tenant().displayName().orElse(client.tenant().name()), client.name(), issuer.endpoint("/login/consent"),
                hidden, Consents.describe(ask), error), page.languageSwitch(page.language(AuthorizationChecks.tenantLanguage(client))));
        List<String> allCookies = new ArrayList<>(token.setCookies());
        allCookies.addAll(setCookies);
        allCookies.addAll(page.setCookies());
        return HtmlResponse.form(status, html, Optional.of(request.redirectUri()), allCookies);
    }

    /** The authorization parameters the form carries, in {@link #CARRIED}'s order: a page's hidden fields. */
    private static Map<String, String> carried(FormParameters form) {
        Map<String, String> carried = new LinkedHashMap<>();
        CARRIED.forEach(name -> form.optional(name).ifPresent(value -> carried.put(name, value)));
        return carried;
    }

    /** What the consent form's CSRF token is bound to: the pending request, and the session it was shown to. */
    private static List<Optional<String>> consentBinding(AuthorizationRequest request, SignInSession session) {
        List<Optional<String>> binding = new ArrayList<>(binding(request));
        binding.add(Optional.of(session.id().toString()));
        return binding;
    }

    // --- end of issue 17, consent ---

    /** The methods the pending sign-in may use now (to prove or to set up), in the order pages offer them. */
    private List<Method> options(StepContext step) {
        UUID userId = step.pending().userId().orElseThrow(() -> new IllegalStateException("no one to offer methods to"));
        SignInStep next = next(step.request(), userId, step.pending().proofs());
        return available(next instanceof SignInStep.ProveAnother another ? another.offered()
                : next instanceof SignInStep.Enrol enrol ? enrol.choices() : Set.of());
    }

    private SignInStep next(AuthorizationRequest request, UUID userId, Proofs proofs) {
        Client client = request.client();
        // proofs that settle any sign-in need not know what the user has set up: no query
        Enrolled enrolled = SignInPolicy.settled(proofs) ? Enrolled.NOTHING : enrolledFactors.of(userId);
        return SignInPolicy.next(client.tenant().mfaPolicy(), client.minimumAssurance(), request.requestedAssurance(), enrolled, proofs);
    }

    /** Whether a live session is strong enough for this request without asking anything (no query: what the session knows). */
    private static boolean isStrongEnough(AuthorizationRequest request, SignInSession session) {
        Client client = request.client();
        return session.proofs().assurance().satisfies(SignInPolicy.needed(client.tenant().mfaPolicy(), client.minimumAssurance(),
                request.requestedAssurance(), Enrolled.NOTHING));
    }

    /** The next step after a proof: complete (a session, a code), or the page of the factor still needed. */
    private Response advance(Progress progress, boolean post) {
        return advance(progress, next(progress.request(), progress.userId(), progress.proofs()), post);
    }

    private Response advance(Progress progress, SignInStep next, boolean post) {
        AuthorizationRequest request = progress.request();
        UUID tenantId = request.client().tenant().id();
        Optional<PendingSignIn> enrolledNow = progress.pending().filter(PendingSignIn::enrolled);
        if (next instanceof SignInStep.Done && enrolledNow.isPresent() && method(Method.RECOVERY_CODE).isPresent()
                && enrolledFactors.of(progress.userId()).recoveryCodes() == 0) {
            // a factor set up during this sign-in: its recovery codes, shown once, before the client gets its code
            return stepPage(request, progress.page(), progress.form(), progress.token(), enrolledNow.get(), Method.RECOVERY_CODE, true,
                    List.of(), Optional.empty(), List.of());
        }
        if (next instanceof SignInStep.Done) {
            progress.pending().ifPresent(pending -> pendingSignIns.end(pending.id()));
            List<String> setCookies = new ArrayList<>();
            progress.pending().ifPresent(pending -> setCookies.add(cookies.clearSignIn()));
            return complete(progress, post, setCookies);
        }
        boolean enrol = next instanceof SignInStep.Enrol;
        List<Method> options = available(next instanceof SignInStep.ProveAnother another ? another.offered()
                : ((SignInStep.Enrol) next).choices());
        if (options.isEmpty()) {
            throw AuthorizationChecks.ofClient(BrowserError.page(AuthorizationChecks.ERROR_TITLE, STEP_UNAVAILABLE), request.client());
        }
        attempts.passwordAccepted(progress.rehash());
        List<String> setCookies = new ArrayList<>();
        PendingSignIn pending = progress.pending().orElseGet(() -> {
            PendingSignIns.Started started = pendingSignIns.start(tenantId, Optional.of(progress.userId()), progress.steppingUp(),
                    progress.proofs());
            setCookies.add(cookies.signIn(started.cookieValue()));
            return started.pending();
        });
        Method first = options.get(0);
        return stepPage(request, progress.page(), progress.form(), progress.token(), pending, first, enrol, options, Optional.empty(),
                setCookies);
    }

    /** The sign-in complete: the session stepped up or a new one (the previous one ended), and the redirect with a code. */
    private Response complete(Progress progress, boolean post, List<String> setCookies) {
        AuthorizationRequest request = progress.request();
        UUID tenantId = request.client().tenant().id();
        String clientId = request.client().clientId();
        Optional<Sessions.Started> started = progress.steppingUp().flatMap(sessionId ->
                attempts.steppedUp(tenantId, progress.userId(), sessionId, progress.proofs(), clientId));
        if (started.isEmpty()) {
            // a new session id at every sign-in (no session fixation); the previous one ends here
            cookies.session(progress.sent()).ifPresent(sessions::end);
            started = Optional.of(attempts.completed(tenantId, progress.userId(), progress.proofs(), progress.rehash(), clientId));
        }
        setCookies.add(cookies.session(started.get().cookieValue()));
        return codeOrConsent(request, started.get().session(), progress.page(), progress.form(), progress.sent(), post, setCookies);
    }

    /** The methods OID has (a bean for each) among {@code offered}, in the order pages offer them. */
    private List<Method> available(Set<Method> offered) {
        List<Method> available = new ArrayList<>();
        for (Method method : Method.values()) {
            if (offered.contains(method) && method(method).isPresent()) {
                available.add(method);
            }
        }
        return available;
    }

    private Optional<FactorMethod> method(Method method) {
        for (FactorMethod candidate : factorMethods) {
            if (candidate.method() == method) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private Response stepPage(AuthorizationRequest request, PageRequest page, FormParameters form, Csrf.Token token, PendingSignIn pending,
                              Method method, boolean enrol, List<Method> options, Optional<Message> error, List<String> setCookies) {
        UUID userId = pending.userId().orElseThrow(() -> new IllegalStateException("a step for no one"));
        FactorMethod factor = method(method).orElseThrow(() -> new IllegalStateException("no factor method " + method));
        boolean choice = enrol && options.size() > 1 && error.isEmpty() && form.optional("method").isEmpty();
        StepView view = choice ? StepView.of("step-choice") : enrol ? factor.enrol(pending, userId) : factor.prove(pending, userId);
        Map<String, String> hidden = new LinkedHashMap<>();
        for (String name : CARRIED) {
            form.optional(name).ifPresent(value -> hidden.put(name, value));
        }
        hidden.put(Csrf.FIELD, token.value());
        Client client = request.client();
        Language language = page.language(AuthorizationChecks.tenantLanguage(client));
        List<String> others = options.stream().filter(other -> choice || other != method).map(Method::value).toList();
        Pages pages = Pages.SERVED.branded(Branding.page(client.tenant())); // issue 17, branding
        String html = pages.step(new Pages.StepForm(client.tenant().name(), client.name(), issuer.endpoint("/login"), hidden,
                choice ? "choice" : method.value(), enrol, others, error), view.template(), view.model(), page.languageSwitch(language));
        List<String> allCookies = new ArrayList<>(token.setCookies());
        allCookies.addAll(setCookies);
        allCookies.addAll(page.setCookies());
        // a method's page that runs OID's own script (passkeys) gets the CSP that lets it; the others keep theirs
        return view.model().containsKey(StepView.SCRIPT) ? HtmlResponse.scriptedForm(200, html, Optional.of(request.redirectUri()), allCookies)
                : HtmlResponse.form(200, html, Optional.of(request.redirectUri()), allCookies);
    }

    /** A disabled user who gave the right password is told so; everything else reads as a wrong password, a lock too. */
    private static Message message(SignInFailure failure) {
        return failure == SignInFailure.DISABLED ? DISABLED : WRONG_CREDENTIALS;
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

    private Response codeRedirect(AuthorizationRequest request, SignInSession session, PageRequest page, boolean post, List<String> setCookies) {
        // issue 18: in the response mode the request asked for, a redirect or the form_post page
        AuthorizationResponse response = new AuthorizationResponse(request.returnTo(), issuer.value());
        AuthorizationResponse.Shown shown = new AuthorizationResponse.Shown(page, AuthorizationChecks.tenantLanguage(request.client()),
                Branding.page(request.client().tenant()));
        if (!isRequestedSubject(request, session)) {
            // written here rather than thrown: a sign-in that just happened keeps its session cookie
            return response.error(OAuthError.LOGIN_REQUIRED, "the user who signed in is not the one the claims request names (sub)", post,
                    setCookies, shown);
        }
        if (request.client().builtIn() || isInvitationLanding(request)) {
            // OID's own account pages: the session cookie is all they need, and no code is stored for a client that is not;
            // an invitation's landing (issue 17): the application asked for nothing, and signs in through its own request
            return HtmlResponse.redirect(java.net.URI.create(request.redirectUri()), post, setCookies);
        }
        return response.code(codes.issue(request, session), post, setCookies, shown);
    }

    /** What a login form's CSRF token is bound to: the pending authorization request. */
    private static List<Optional<String>> binding(AuthorizationRequest request) {
        return List.of(Optional.of(request.client().clientId()), Optional.of(request.redirectUri()), request.state(), request.nonce(),
                request.challenge().map(Pkce.Challenge::value));
    }

    private Response loginPage(int status, PageRequest page, FormParameters parameters, AuthorizationRequest request, String username,
                               Optional<Message> error, Csrf.Token token) {
        return loginPage(status, page, parameters, request, username, error, token, List.of());
    }

    private Response loginPage(int status, PageRequest page, FormParameters parameters, AuthorizationRequest request, String username,
                               Optional<Message> error, Csrf.Token token, List<String> extraCookies) {
        Map<String, String> hidden = new LinkedHashMap<>();
        for (String name : CARRIED) {
            parameters.optional(name).ifPresent(value -> hidden.put(name, value));
        }
        hidden.put(Csrf.FIELD, token.value());
        Client client = request.client();
        Language language = page.language(AuthorizationChecks.tenantLanguage(client));
        Pages pages = Pages.SERVED.branded(Branding.page(client.tenant())); // issue 17, branding
        FederatedSignIns.Offer offer = federation.offer(client.tenant().id()); // issue 18: the tenant's providers
        String html = pages.login(new Pages.LoginForm(client.tenant().name(), client.name(), issuer.endpoint("/login"),
                hidden, username.length() > PasswordSignIn.MAX_LOGIN_LENGTH ? "" : username, error,
                client.tenant().signUp(), FederationPages.providers(offer)), page.languageSwitch(language)); // issue 17, self sign-up: its link when the tenant allows it
        List<String> setCookies = new ArrayList<>(token.setCookies());
        setCookies.addAll(extraCookies);
        setCookies.addAll(page.setCookies());
        // its passkey button and autofill run /assets/passkey.js (issue 16); issue 18: its posts may go on to the tenant's providers
        return HtmlResponse.scriptedForm(status, html, Optional.of(request.redirectUri()), offer.destinations(), setCookies);
    }

    /** An error of a request whose client and redirect URI are established: it goes back to the client. */
    private static BrowserError toClient(AuthorizationRequest request, OAuthError error, String description) {
        return AuthorizationChecks.ofClient(BrowserError.toClient(request.returnTo(), error, description), request.client());
    }
}
