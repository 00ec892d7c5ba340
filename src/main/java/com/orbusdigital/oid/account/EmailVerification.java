package com.orbusdigital.oid.account;

import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.config.MailAddresses;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.mail.Mailer;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.tenant.TenantRepository;
import com.orbusdigital.oid.user.EmailAddresses;
import com.orbusdigital.oid.user.User;
import com.orbusdigital.oid.web.UrlQuery;
import com.orbusdigital.oid.web.page.Emails;
import com.orbusdigital.oid.web.page.Language;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Issue 17, item 3: email verification. A link (256 random bits, only their SHA-256 stored, bound
 * to the user and to the exact address it proves, {@link VerificationLink#VALID}, used once) is sent
 * on an administrator's request ({@link #requestByAdmin}) to the user's address, or on the account
 * page ({@link #requestChange}) to a new address the user typed — which replaces the old one only
 * once the link is followed ({@link #complete}), the old one then told. An address another account
 * of the tenant has, and a request beyond the limits, get the same answer as any other and change
 * nothing.
 */
@ApplicationScoped
public class EmailVerification {

    /** The emails' templates (templates/email/&lt;kind&gt;.html, .txt): the link to the address, to a new address, the notice to the old. */
    static final String VERIFY_KIND = "verify-email";
    static final String CHANGE_KIND = "verify-change";
    static final String NOTICE_KIND = "verify-changed";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** The PostgreSQL state of a unique index refusing a row: the new address taken at the last moment. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** A live link: the tenant it was made in, what it is for and the address it proves (for its page). */
    public record Link(Tenant tenant, VerificationLink.Purpose purpose, String email, String name) {
        @Override
        public String toString() {
            return "Link[" + purpose + "]";
        }
    }

    /** What following a link came to. */
    public enum Outcome { VERIFIED, CHANGED, DEAD, TAKEN }

    private EmailVerificationLinks links;
    private EmailVerificationCommit commit;
    private PasswordResetLinks resetRows;
    private TenantRepository tenants;
    private Clock clock;
    private String linkBase;

    protected EmailVerification() {
        // for the CDI proxy
    }

    @Inject
    public EmailVerification(EmailVerificationLinks links, EmailVerificationCommit commit, PasswordResetLinks resetRows, TenantRepository tenants,
                             Clock clock, OidConfig config) {
        this.links = links;
        this.commit = commit;
        this.resetRows = resetRows;
        this.tenants = tenants;
        this.clock = clock;
        this.linkBase = config.issuer().endpoint("/account/email/verify");
    }

    /**
     * Sends the user a link to verify their address (the admin API). The same answer whether or
     * not the limits let it leave.
     *
     * @throws ProblemException 404 for no such user in this tenant, 409 when the user has no address
     */
    public void requestByAdmin(Tenant tenant, String id) {
        UUID userId;
        try {
            userId = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw ProblemException.notFound("User");
        }
        PasswordResetLinks.Account account = resetRows.account(tenant.id(), userId).orElseThrow(() -> ProblemException.notFound("User"));
        String email = account.email().filter(MailAddresses::isValid)
                .orElseThrow(() -> ProblemException.conflict("The user has no email address to verify."));
        Language language = tenant.defaultLanguage().flatMap(Language::of).orElse(Language.DEFAULT);
        EmailVerificationCommit.NewLink link = newLink(tenant, account.id(), account.name().orElse(account.username()),
                VerificationLink.Purpose.VERIFY, email, account.email(), language, "admin");
        if (account.enabled() && withinLimits(tenant.id(), account.id(), email)) {
            commit.send(link);
        }
    }

    /**
     * The user asks to use {@code typed} as their address: a link to it, or (their own address
     * again) a link that verifies it. One answer whatever is found: an address another account
     * has, or the limits, rehearse the work and send nothing.
     *
     * @return empty when the answer is "a link was sent", else the message key of why {@code typed} is no address
     */
    public Optional<String> requestChange(AccountSecurity.Holder holder, String typed, Language language) {
        String stripped = typed.strip();
        Optional<String> enforced = stripped.length() > MailAddresses.MAX_LENGTH ? Optional.empty()
                : EmailAddresses.enforce(stripped).valid().filter(MailAddresses::isValid);
        if (enforced.isEmpty()) {
            return Optional.of("verify.change.invalid");
        }
        String email = enforced.get();
        User user = holder.user();
        boolean same = user.email().filter(email::equalsIgnoreCase).isPresent();
        VerificationLink.Purpose purpose = same ? VerificationLink.Purpose.VERIFY : VerificationLink.Purpose.CHANGE;
        EmailVerificationCommit.NewLink link = newLink(holder.tenant(), user.id(), user.name().orElse(user.username()), purpose, email,
                user.email(), language, "user");
        boolean taken = !same && links.taken(user.tenantId(), email, user.id());
        boolean within = withinLimits(user.tenantId(), user.id(), email);
        if (!taken && within) {
            commit.send(link);
        } else {
            commit.rehearse(link);
        }
        return Optional.empty();
    }

    /** The live link this token names, with its tenant (for its page). */
    @Transactional
    public Optional<Link> link(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return links.find(Hashes.sha256(token)).filter(link -> link.liveAt(clock.instant())).flatMap(link -> tenants.find(link.tenantId())
                .filter(Tenant::enabled).flatMap(tenant -> resetRows.account(tenant.id(), link.userId())
                        .map(user -> new Link(tenant, link.purpose(), link.email(), user.name().orElse(user.username())))));
    }

    /**
     * Follows the link: the address verified, or the new address in place of the old (which is
     * told, in {@code language}). A link that is not live changes nothing.
     */
    public Outcome complete(Link link, String token, Language language) {
        if (!TOKEN.matcher(token).matches()) {
            return Outcome.DEAD;
        }
        Emails.Brand brand = brand(link.tenant());
        try {
            EmailVerificationCommit.Used used = commit.use(Hashes.sha256(token), previous -> Optional.of(previous)
                    .filter(MailAddresses::isValid).map(to -> new Mailer.Draft(link.tenant().id(), NOTICE_KIND, to, language, brand,
                            Map.of("name", link.name(), "address", masked(link.email())))));
            if (used instanceof EmailVerificationCommit.Used.Verified verified) {
                return verified.link().purpose() == VerificationLink.Purpose.CHANGE ? Outcome.CHANGED : Outcome.VERIFIED;
            }
            return used instanceof EmailVerificationCommit.Used.Taken ? Outcome.TAKEN : Outcome.DEAD;
        } catch (PersistenceException failed) {
            if (uniqueViolation(failed)) {
                return Outcome.TAKEN; // taken between the check and the update: rolled back, nothing changed
            }
            throw failed;
        }
    }

    private EmailVerificationCommit.NewLink newLink(Tenant tenant, UUID userId, String name, VerificationLink.Purpose purpose, String email,
                                                    Optional<String> boundEmail, Language language, String by) {
        String token = RandomValues.base64url(32);
        String href = UrlQuery.on(linkBase).add("token", token).add("ui_locales", language.tag()).toString();
        String kind = purpose == VerificationLink.Purpose.VERIFY ? VERIFY_KIND : CHANGE_KIND;
        // one template for both (verify-change includes verify-email), each in its own words
        Mailer.Draft draft = new Mailer.Draft(tenant.id(), kind, email, language, brand(tenant), Map.of("name", name, "link", href,
                "hours", VerificationLink.VALID.toHours(), "address", email, "keys", "email." + kind));
        return new EmailVerificationCommit.NewLink(Hashes.sha256(token), tenant.id(), userId, purpose, email, boundEmail,
                clock.instant().plus(VerificationLink.VALID), draft, by);
    }

    private boolean withinLimits(UUID tenantId, UUID userId, String email) {
        boolean address = resetRows.withinLimit(PasswordResetLinks.limitKey("verify-address", tenantId + ":" + email.toLowerCase(Locale.ROOT)),
                PasswordReset.LIMIT, PasswordReset.LIMIT_WINDOW);
        boolean account = resetRows.withinLimit(PasswordResetLinks.limitKey("verify-account", userId.toString()), PasswordReset.LIMIT,
                PasswordReset.LIMIT_WINDOW);
        return address && account;
    }

    private static Emails.Brand brand(Tenant tenant) {
        return new Emails.Brand(tenant.displayName().orElse(tenant.name()));
    }

    /** An address as a notice shows it to the previous one: enough to recognise, not to learn ("n***@example.com"). */
    static String masked(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return address.substring(0, address.offsetByCodePoints(0, 1)) + "***" + address.substring(at);
    }

    private static boolean uniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
