package com.orbusdigital.oid.account;

import com.orbusdigital.oid.client.ClientCache;
import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.config.MailAddresses;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.mail.Mailer;
import com.orbusdigital.oid.password.PasswordPolicy;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.session.SignInSession;
import com.orbusdigital.oid.tenant.Branding;
import com.orbusdigital.oid.tenant.Brandings;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.tenant.TenantRepository;
import com.orbusdigital.oid.user.Passwords;
import com.orbusdigital.oid.user.signin.PasswordSignIn;
import com.orbusdigital.oid.user.signin.SignInAttempts;
import com.orbusdigital.oid.web.UrlQuery;
import com.orbusdigital.oid.web.page.Emails;
import com.orbusdigital.oid.web.page.Language;
import com.orbusdigital.oid.web.page.PageBrand;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Issue 17: the forgotten password. Asking ({@link #request}) does the same work whether or not an
 * account matches — the lookup, both limits, a link made, an email rendered and sealed, the same
 * statements in one transaction — and writes only when one does; the email leaves later, through
 * the mail outbox. The link ({@link #complete}) sets a new password once, within
 * {@link #VALID}, and only while the password it was made under is still the user's.
 */
@ApplicationScoped
public class PasswordReset {

    /** How long a link works. */
    public static final Duration VALID = Duration.ofMinutes(15);
    /** Requests counted per address typed, and per account, in each {@link #LIMIT_WINDOW}. */
    static final int LIMIT = 3;
    static final Duration LIMIT_WINDOW = Duration.ofMinutes(15);
    static final String KIND = "password-reset";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    /**
     * The tenant a request is made in, from the application the person was signing in to (or the
     * link's); {@code look}: how its pages look (issue 17, branding).
     */
    public record Where(UUID tenantId, String tenantName, Optional<Language> defaultLanguage, PageBrand look) {

        static Where of(Tenant tenant) {
            return new Where(tenant.id(), tenant.displayName().orElse(tenant.name()), tenant.defaultLanguage().flatMap(Language::of),
                    Branding.page(tenant));
        }
    }

    /** What using a link came to. */
    public sealed interface Outcome {
        /** The password is set; back to the sign-in this query names ("" when none). */
        record Done(String returnQuery) implements Outcome {}

        /** Expired, used, unknown, or the password changed since it was made: nothing changed. */
        record Dead() implements Outcome {}

        /** The two passwords differ. */
        record Mismatch() implements Outcome {}

        /** The new password breaks this rule. */
        record Refused(PasswordPolicy.Rule rule) implements Outcome {}
    }

    private ClientCache clients;
    private TenantRepository tenants;
    private SignInAttempts attempts;
    private PasswordResetLinks links;
    private PasswordResetCommit commit;
    private Passwords passwords;
    private Sessions sessions;
    private Brandings brandings;
    private Clock clock;
    private String linkBase;
    private String placeholder;

    protected PasswordReset() {
        // for the CDI proxy
    }

    @Inject
    public PasswordReset(ClientCache clients, TenantRepository tenants, SignInAttempts attempts, PasswordResetLinks links,
                         PasswordResetCommit commit, Passwords passwords, Sessions sessions, Brandings brandings, Clock clock,
                         OidConfig config) {
        this.sessions = sessions;
        this.brandings = brandings;
        this.clients = clients;
        this.tenants = tenants;
        this.attempts = attempts;
        this.links = links;
        this.commit = commit;
        this.passwords = passwords;
        this.clock = clock;
        this.linkBase = config.issuer().endpoint("/login/password/reset");
        this.placeholder = "nobody@" + URI.create(config.issuer().value()).getHost();
    }

    /** The enabled tenant of the application with this client_id. */
    @Transactional
    public Optional<Where> where(String clientId) {
        return clients.find(clientId).filter(ClientSnapshot::tenantEnabled).map(ClientSnapshot::tenantId)
                .flatMap(tenants::find).filter(Tenant::enabled)
                .map(Where::of);
    }

    /**
     * Sends a link to the account the username or address names, if there is one with an address,
     * within the limits. Says nothing of what it found.
     *
     * @param returnQuery the authorization request to go back to once the password is set
     */
    public void request(Where where, String login, Language language, String returnQuery) {
        String typed = login.strip();
        boolean plausible = !typed.isEmpty() && typed.length() <= PasswordSignIn.MAX_LOGIN_LENGTH;
        Optional<SignInAttempts.Candidate> found = plausible ? attempts.find(where.tenantId(), typed) : Optional.empty();
        // the same statements for an account that does not exist: a random id finds no row
        UUID userId = found.map(SignInAttempts.Candidate::id).orElseGet(UUID::randomUUID);
        Optional<PasswordResetLinks.Account> account = links.account(where.tenantId(), userId);
        boolean addressWithin = links.withinLimit(PasswordResetLinks.limitKey("address",
                where.tenantId() + ":" + typed.toLowerCase(Locale.ROOT)), LIMIT, LIMIT_WINDOW);
        boolean accountWithin = links.withinLimit(PasswordResetLinks.limitKey("account", userId.toString()), LIMIT, LIMIT_WINDOW);
        Optional<String> to = account.filter(PasswordResetLinks.Account::enabled).flatMap(PasswordResetLinks.Account::email)
                .filter(MailAddresses::isValid);
        boolean sends = to.isPresent() && addressWithin && accountWithin;

        String token = RandomValues.base64url(32);
        String link = UrlQuery.on(linkBase).add("token", token).add("ui_locales", language.tag()).toString();
        String name = account.map(user -> user.name().orElse(user.username())).orElse(plausible ? typed : "");
        Mailer.Draft email = new Mailer.Draft(where.tenantId(), KIND, to.orElse(MailAddresses.isValid(typed) ? typed : placeholder),
                language, brand(where), Map.of("name", name, "link", link, "minutes", VALID.toMinutes()));
        PasswordResetCommit.NewLink newLink = new PasswordResetCommit.NewLink(Hashes.sha256(token), where.tenantId(), userId,
                account.flatMap(PasswordResetLinks.Account::passwordHash), returnQuery, clock.instant().plus(VALID), email);
        if (sends) {
            commit.send(newLink);
        } else {
            commit.rehearse(newLink);
        }
    }

    /** The look of the tenant's emails (issue 17, branding): from the brandings in memory, no further read. */
    private Emails.Brand brand(Where where) {
        return brandings.of(where.tenantId()).map(Branding::email).orElseGet(() -> new Emails.Brand(where.tenantName()));
    }

    /** A live link: the tenant it was made in and whose it is. */
    public record Link(Where where, UUID userId) {}

    /** The live link this token names (for its page, and to tell whose it is). */
    @Transactional
    public Optional<Link> link(String token) {
        return live(token).flatMap(live -> tenants.find(live.tenantId()).filter(Tenant::enabled)
                .map(tenant -> new Link(Where.of(tenant), live.userId())));
    }

    /** The user signed in with this session cookie, if its session is live. */
    public Optional<UUID> signedIn(String sessionCookie) {
        return sessions.resume(sessionCookie).map(SignInSession::userId);
    }

    private Optional<PasswordResetLinks.Live> live(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return links.findLive(Hashes.sha256(token), clock.instant());
    }

    /**
     * Sets the new password through the link: checked against the policy first (the link stays
     * usable after a refused password), hashed with no connection held, then stored — once.
     */
    public Outcome complete(String token, String password, String confirmation) {
        Optional<PasswordResetLinks.Live> live = live(token);
        if (live.isEmpty()) {
            return new Outcome.Dead();
        }
        if (!password.equals(confirmation)) {
            return new Outcome.Mismatch();
        }
        List<PasswordPolicy.Violation> broken = passwords.violations(password, live.get().username(), live.get().email().orElse(null));
        if (!broken.isEmpty()) {
            return new Outcome.Refused(broken.get(0).rule());
        }
        String hash = passwords.hasher().hash(password);
        Optional<PasswordResetCommit.Completed> completed = commit.complete(Hashes.sha256(token), hash);
        return completed.<Outcome>map(done -> new Outcome.Done(done.link().returnQuery())).orElseGet(Outcome.Dead::new);
    }
}
