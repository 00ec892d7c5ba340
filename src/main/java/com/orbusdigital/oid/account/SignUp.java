package com.orbusdigital.oid.account;

import com.orbusdigital.oid.client.ClientCache;
import com.orbusdigital.oid.client.ClientRepository;
import com.orbusdigital.oid.client.RedirectUris;
import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.config.MailAddresses;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.mail.Mailer;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.password.PasswordPolicy;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.tenant.Branding;
import com.orbusdigital.oid.tenant.Brandings;
import com.orbusdigital.oid.tenant.SignUpDomains;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.tenant.TenantRepository;
import com.orbusdigital.oid.user.EmailAddresses;
import com.orbusdigital.oid.user.Passwords;
import com.orbusdigital.oid.user.Usernames;
import com.orbusdigital.oid.user.signin.SignInAttempts;
import com.orbusdigital.oid.web.UrlQuery;
import com.orbusdigital.oid.web.page.Emails;
import com.orbusdigital.oid.web.page.Language;
import com.orbusdigital.oid.web.page.PageBrand;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Issue 17, item 5: self sign-up, where the tenant allows it. Asking ({@link #request}) takes an
 * address and answers one page whatever it found: a new address gets a link that verifies it, an
 * address that has an account an email saying so with the way to a forgotten password — the same
 * statements either way (the lookup, both limits, a link made, an email rendered and sealed, one
 * transaction), and past the limits the same again writing nothing. An address outside the
 * tenant's domains is refused openly before anything is looked up: the domains are the tenant's
 * public policy, not account data. Following the link ({@link #complete}) creates the account —
 * the address as its username, verified — once, within {@link #VALID}; the sign-in it came from
 * then continues as if the password had just been given.
 */
@ApplicationScoped
public class SignUp {

    /** How long a link works. */
    public static final Duration VALID = Duration.ofHours(1);
    /** Requests counted per address, and per client address (IP), in each {@link #LIMIT_WINDOW}. */
    static final int ADDRESS_LIMIT = 3;
    static final int IP_LIMIT = 20;
    static final Duration LIMIT_WINDOW = Duration.ofMinutes(15);
    static final int MAX_NAME_LENGTH = 200;
    static final String KIND = "sign-up";
    static final String EXISTS_KIND = "sign-up-exists";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final String UNIQUE_VIOLATION = "23505";

    /** The tenant a sign-up is made in, from the application the person was signing in to; sign-up on there. */
    public record Where(UUID tenantId, String tenantName, Optional<Language> defaultLanguage, List<String> domains, PageBrand brand) {}

    /** What asking came to: the one answer, or a refusal of what was typed (never of what was found). */
    public sealed interface Asked {
        /** The one page: "check your email". */
        record Sent() implements Asked {}

        /** Not an address OID can take as a username. */
        record NotAnAddress() implements Asked {}

        /** An address outside the tenant's domains. */
        record OutsideDomains(List<String> domains) implements Asked {}
    }

    /** What following a link came to. */
    public sealed interface Outcome {
        /** The account exists; its sign-in continues with the request this query names. */
        record Created(UUID tenantId, UUID userId, String returnQuery) implements Outcome {}

        /** The address got an account meanwhile (or twice at once): nothing created. */
        record Taken() implements Outcome {}

        /** Expired, used, unknown, or sign-up turned off since. */
        record Dead() implements Outcome {}

        record Mismatch() implements Outcome {}

        record Refused(PasswordPolicy.Rule rule) implements Outcome {}
    }

    /**
     * A live link: where, the address it verifies (shown to whoever holds the link, whose it is), and
     * the client's redirect URI the carried request names, when registered: where the page's post may
     * end (its CSP's form-action).
     */
    public record Link(Where where, String email, Optional<String> redirectTarget) {
        @Override
        public String toString() {
            return "Link[" + where.tenantId() + "]";
        }
    }

    private Brandings brandings;
    private ClientCache clients;
    private ClientRepository clientRepository;
    private TenantRepository tenants;
    private SignInAttempts attempts;
    private PasswordResetLinks limits;
    private SignUpLinks links;
    private SignUpCommit commit;
    private Passwords passwords;
    private Clock clock;
    private String linkBase;
    private String forgotBase;

    protected SignUp() {
        // for the CDI proxy
    }

    @Inject
    public SignUp(ClientCache clients, ClientRepository clientRepository, TenantRepository tenants, SignInAttempts attempts, PasswordResetLinks limits, SignUpLinks links,
                  SignUpCommit commit, Passwords passwords, Clock clock, OidConfig config, Brandings brandings) {
        this.brandings = brandings;
        this.clients = clients;
        this.clientRepository = clientRepository;
        this.tenants = tenants;
        this.attempts = attempts;
        this.limits = limits;
        this.links = links;
        this.commit = commit;
        this.passwords = passwords;
        this.clock = clock;
        this.linkBase = config.issuer().endpoint("/login/sign-up/complete");
        this.forgotBase = config.issuer().endpoint("/login/password/forgot");
    }

    /** The enabled tenant, letting people sign up, of the application with this client_id. */
    @Transactional
    public Optional<Where> where(String clientId) {
        return clients.find(clientId).filter(ClientSnapshot::tenantEnabled).map(ClientSnapshot::tenantId)
                .flatMap(tenants::find).filter(Tenant::enabled).filter(Tenant::signUp).map(SignUp::where);
    }

    private static Where where(Tenant tenant) {
        return new Where(tenant.id(), tenant.displayName().orElse(tenant.name()), tenant.defaultLanguage().flatMap(Language::of),
                tenant.signUpDomains(), Branding.page(tenant));
    }

    /** The address as OID stores and compares it (lower-case, the domain in ASCII), if it can be a username too. */
    static Optional<String> address(String typed) {
        return EmailAddresses.enforce(typed.strip()).valid()
                .filter(address -> Usernames.enforce(address).valid().filter(address::equals).isPresent())
                .filter(MailAddresses::isValid);
    }

    /** The domain of an address {@link #address} accepted. */
    static String domain(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    /**
     * Sends the sign-up link to a new address, or to an address that has an account the email that
     * says so, within the limits; refuses only what was typed.
     *
     * @param clientKey   the client's address as the per-IP limit names it
     * @param returnQuery the authorization request to continue once the account exists
     */
    public Asked request(Where where, String typed, Optional<String> name, Language language, String returnQuery, String clientKey) {
        Optional<String> address = address(typed);
        if (address.isEmpty()) {
            return new Asked.NotAnAddress();
        }
        String email = address.get();
        if (!SignUpDomains.allows(where.domains(), domain(email))) {
            return new Asked.OutsideDomains(where.domains());
        }
        // the same statements whether or not an account has the address: the lookup, both limits, one transaction
        boolean exists = attempts.find(where.tenantId(), email).isPresent();
        boolean addressWithin = limits.withinLimit(PasswordResetLinks.limitKey("sign-up-address", where.tenantId() + ":" + email),
                ADDRESS_LIMIT, LIMIT_WINDOW);
        boolean clientWithin = limits.withinLimit(PasswordResetLinks.limitKey("sign-up-ip", clientKey), IP_LIMIT, LIMIT_WINDOW);

        String token = RandomValues.base64url(32);
        String link = UrlQuery.on(linkBase).add("token", token).add("ui_locales", language.tag()).toString();
        String forgot = returnQuery.isEmpty() ? forgotBase : forgotBase + "?" + returnQuery;
        Map<String, Object> model = exists
                ? Map.of("name", name.orElse(email), "forgot", forgot, "address", email)
                : Map.of("name", name.orElse(email), "link", link, "minutes", VALID.toMinutes());
        Mailer.Draft draft = new Mailer.Draft(where.tenantId(), exists ? EXISTS_KIND : KIND, email, language,
                brand(where), model);
        SignUpCommit.Request request = new SignUpCommit.Request(Hashes.sha256(token), where.tenantId(), email, name, returnQuery,
                clock.instant().plus(VALID), exists, draft);
        if (addressWithin && clientWithin) {
            commit.send(request);
        } else {
            commit.rehearse(request);
        }
        return new Asked.Sent();
    }

    /** The live link this token names (for its page). */
    @Transactional
    public Optional<Link> link(String token) {
        return live(token).flatMap(live -> tenants.find(live.tenantId()).filter(Tenant::enabled).filter(Tenant::signUp)
                .map(tenant -> new Link(where(tenant), live.email(), redirectTarget(tenant.id(), live.returnQuery()))));
    }

    /** The carried request's redirect URI, if its client (of this tenant) registered it, as the authorization's checks judge it. */
    private Optional<String> redirectTarget(UUID tenantId, String returnQuery) {
        FormParameters carried;
        try {
            carried = FormParameters.fromQuery(returnQuery);
        } catch (OAuthException unreadable) {
            return Optional.empty();
        }
        return carried.optional("client_id").flatMap(clientRepository::findByClientId)
                .filter(client -> client.tenant().id().equals(tenantId))
                .flatMap(client -> carried.optional("redirect_uri")
                        .or(() -> client.redirectUris().size() == 1 ? Optional.of(client.redirectUris().get(0)) : Optional.empty())
                        .filter(uri -> RedirectUris.allows(client.redirectUris(), uri, client.type())));
    }

    private Optional<SignUpLinks.Live> live(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return links.findLive(Hashes.sha256(token), clock.instant());
    }

    /**
     * Creates the account through the link: the password checked against the policy first (the link
     * stays usable after a refused password), hashed with no connection held, then the link used and
     * the account created — once.
     */
    public Outcome complete(String token, String password, String confirmation) {
        Optional<SignUpLinks.Live> live = live(token);
        if (live.isEmpty()) {
            return new Outcome.Dead();
        }
        if (!password.equals(confirmation)) {
            return new Outcome.Mismatch();
        }
        List<PasswordPolicy.Violation> broken = passwords.violations(password, live.get().email(), live.get().email());
        if (!broken.isEmpty()) {
            return new Outcome.Refused(broken.get(0).rule());
        }
        String hash = passwords.hasher().hash(password);
        Optional<SignUpCommit.Used> used;
        try {
            used = commit.complete(Hashes.sha256(token), hash, clientId(live.get().returnQuery()));
        } catch (PersistenceException failure) {
            if (isUniqueViolation(failure)) {
                return new Outcome.Taken(); // the same address created at the same moment by another route
            }
            throw failure;
        }
        if (used.isEmpty()) {
            return new Outcome.Dead();
        }
        if (used.get() instanceof SignUpCommit.Used.Created created) {
            return new Outcome.Created(created.tenantId(), created.userId(), created.returnQuery());
        }
        return new Outcome.Taken();
    }

    /** The client_id of a carried authorization request ("" when none could be read). */
    static String clientId(String returnQuery) {
        try {
            return FormParameters.fromQuery(returnQuery).optional("client_id").orElse("");
        } catch (OAuthException unreadable) {
            return "";
        }
    }

    private static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The look of the tenant's emails (its logo, its accent colour): from the brandings in memory, no further read. */
    private Emails.Brand brand(Where where) {
        return brandings.of(where.tenantId()).map(Branding::email).orElseGet(() -> new Emails.Brand(where.tenantName()));
    }
}
