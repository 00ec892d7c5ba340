package com.orbusdigital.oid.account;

import com.orbusdigital.oid.admin.Page;
import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.client.ClientRepository;
import com.orbusdigital.oid.client.ConsoleClients;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.InvitationEvent;
import com.orbusdigital.oid.mail.Mailer;
import com.orbusdigital.oid.oauth.authorize.AuthorizationFlow;
import com.orbusdigital.oid.password.PasswordPolicy;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.role.RoleRepository;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.session.SignInSession;
import com.orbusdigital.oid.tenant.Branding;
import com.orbusdigital.oid.tenant.Brandings;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.tenant.TenantRepository;
import com.orbusdigital.oid.user.Passwords;
import com.orbusdigital.oid.user.UserRepository;
import com.orbusdigital.oid.user.Usernames;
import com.orbusdigital.oid.web.UrlQuery;
import com.orbusdigital.oid.web.page.Emails;
import com.orbusdigital.oid.web.page.Language;
import com.orbusdigital.oid.web.page.PageBrand;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Issue 17: invitations. An administrator invites someone by email with roles; nothing but the
 * invitation exists until they follow the link and choose a password, when their user is made (roles
 * granted, address verified: the link proves it) and their sign-in goes on as if that password had
 * just been proven ({@link AuthorizationFlow#passwordChosen}), then lands on the account page or at
 * the invitation's client — its redirect URI without a code, where the application's own sign-in
 * finds the session. A revoked invitation leaves nothing behind; a resend replaces the link.
 */
@ApplicationScoped
public class Invitations {

    static final String KIND = "invitation";

    /** What an administrator asks for; values already checked and enforced by the resource. */
    public record Request(String email, String username, Optional<String> name, List<String> roles, Optional<String> clientId,
                          Optional<String> redirectUri, Optional<Language> language, Duration validity) {
        public Request {
            roles = List.copyOf(roles);
        }

        @Override
        public String toString() {
            return "Invitation.Request[" + roles + "]";
        }
    }

    /** What following a link came to. */
    public sealed interface Outcome {
        /** The user is made; the sign-in continues for this authorization request. */
        record Accepted(UUID userId, Instant at, Map<String, String> authorizationRequest) implements Outcome {}

        /** Expired, revoked, resent, used or unknown: nothing changed. */
        record Dead() implements Outcome {}

        /** The two passwords differ. */
        record Mismatch() implements Outcome {}

        /** The password breaks this rule. */
        record Refused(PasswordPolicy.Rule rule) implements Outcome {}

        /** A user took the address or username since the invitation was sent: nothing changed. */
        record Taken() implements Outcome {}
    }

    /** A live link: its invitation and its tenant's name and language, for the page. */
    /** A live invitation's link, with what its pages show of the tenant: its name, language and look (issue 17, branding). */
    public record Link(Invitation invitation, String tenantName, Optional<Language> defaultLanguage, PageBrand look) {}

    private Brandings brandings;
    private InvitationStore store;
    private InvitationAcceptance acceptance;
    private TenantRepository tenants;
    private RoleRepository roles;
    private UserRepository users;
    private ClientRepository clients;
    private ConsoleClients consoles;
    private Passwords passwords;
    private Sessions sessions;
    private Mailer mailer;
    private Event<IdentityEvent> events;
    private Clock clock;
    private String linkBase;

    protected Invitations() {
        // for the CDI proxy
    }

    @Inject
    public Invitations(InvitationStore store, InvitationAcceptance acceptance, TenantRepository tenants, RoleRepository roles,
                       UserRepository users, ClientRepository clients, ConsoleClients consoles, Passwords passwords, Sessions sessions,
                       Mailer mailer, Event<IdentityEvent> events, Clock clock, OidConfig config, Brandings brandings) {
        this.brandings = brandings;
        this.store = store;
        this.acceptance = acceptance;
        this.tenants = tenants;
        this.roles = roles;
        this.users = users;
        this.clients = clients;
        this.consoles = consoles;
        this.passwords = passwords;
        this.sessions = sessions;
        this.mailer = mailer;
        this.events = events;
        this.clock = clock;
        this.linkBase = config.issuer().endpoint(InvitationResource.PATH);
    }

    // --- the administrator's side ---

    /**
     * The invitation and its email, in one transaction. 422 for a role the tenant lacks or a landing
     * that cannot take a code it did not ask for; 409 for an address or username a user of the tenant
     * has, or a live invitation already names.
     */
    @Transactional
    public Invitation invite(Tenant tenant, Request request) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (String role : request.roles()) {
            if (roles.find(tenant.id(), role).isEmpty()) {
                errors.putIfAbsent("roles", "unknown role '" + role + "' in this tenant");
            }
        }
        request.clientId().ifPresent(clientId -> landingError(tenant, clientId, request.redirectUri().orElse(""))
                .ifPresent(error -> errors.put(error.getKey(), error.getValue())));
        if (!errors.isEmpty()) {
            // well-formed, but naming what the tenant does not have: 422, where a malformed field is 400
            throw new ProblemException(422, "The invitation names roles or a client this tenant does not have as they are needed.", errors);
        }
        Instant now = clock.instant();
        refuseTaken(tenant, request.email(), request.username(), now);
        Invitation invitation = new Invitation(UUID.randomUUID(), tenant.id(), request.email(), request.username(), request.name(),
                request.roles(), request.clientId(), request.redirectUri(), request.language().map(Language::tag), "pending", now, now,
                now.plus(request.validity()), Optional.empty(), Optional.empty(), Optional.empty());
        String token = RandomValues.base64url(32);
        store.create(invitation, Hashes.sha256(token));
        String messageId = mailer.send(email(tenant, invitation, token));
        events.fire(new InvitationEvent.Invited(tenant.id(), invitation.id(), invitation.recipientDomain(), invitation.roles(),
                invitation.expiresAt(), messageId));
        return invitation;
    }

    @Transactional
    public Page<Invitation> list(Tenant tenant, Optional<Invitation.State> state, Page.Window window) {
        Instant now = clock.instant();
        return new Page<>(store.list(tenant.id(), state, now, window.limit(), window.offset()), store.count(tenant.id(), state, now),
                window.limit(), window.offset());
    }

    /** The tenant's invitation, or 404: another tenant's is not found, a malformed id neither. */
    @Transactional
    public Invitation get(Tenant tenant, String id) {
        return parse(id).flatMap(found -> store.find(tenant.id(), found)).orElseThrow(() -> ProblemException.notFound("Invitation"));
    }

    /** A new link for a pending invitation (expired or not), valid as long as the first was; the old one dies. 409 once accepted or revoked. */
    @Transactional
    public Invitation resend(Tenant tenant, String id) {
        Invitation found = get(tenant, id);
        Instant now = clock.instant();
        Duration validity = Duration.between(found.sentAt(), found.expiresAt());
        String token = RandomValues.base64url(32);
        Invitation resent = store.resend(tenant.id(), found.id(), Hashes.sha256(token), now, now.plus(validity))
                .orElseThrow(() -> ProblemException.conflict("The invitation is " + found.state(now).value() + ": it cannot be sent again."));
        String messageId = mailer.send(email(tenant, resent, token));
        events.fire(new InvitationEvent.Resent(tenant.id(), resent.id(), resent.recipientDomain(), resent.expiresAt(), messageId));
        return resent;
    }

    /** Revokes a pending invitation: its link dies at once. 409 once accepted (the user is then the one to disable). */
    @Transactional
    public void revoke(Tenant tenant, String id) {
        Invitation found = get(tenant, id);
        Instant now = clock.instant();
        if (found.storedState().equals("revoked")) {
            return; // already: the same outcome
        }
        store.revoke(tenant.id(), found.id(), now)
                .orElseThrow(() -> ProblemException.conflict("The invitation is " + found.state(now).value() + ": it cannot be revoked."));
        events.fire(new InvitationEvent.Revoked(tenant.id(), found.id()));
    }

    private void refuseTaken(Tenant tenant, String email, String username, Instant now) {
        if (users.emailTaken(tenant.id(), email, new UUID(0, 0))) {
            throw ProblemException.conflict("Email '" + email + "' is already used in this tenant.");
        }
        if (users.usernameTaken(tenant.id(), username) || users.lookAlikeTaken(tenant.id(), Usernames.skeleton(username))) {
            throw ProblemException.conflict("Username '" + username + "' is already taken in this tenant, or too similar to one that is.");
        }
        if (store.liveFor(tenant.id(), email, username, now)) {
            throw ProblemException.conflict("A pending invitation already names this email or username: resend or revoke it.");
        }
    }

    /**
     * Why a client cannot be where the person lands, if it cannot: another tenant's, unknown or
     * disabled, a redirect URI not exactly one of its own, or no authorization code grant.
     */
    private Optional<Map.Entry<String, String>> landingError(Tenant tenant, String clientId, String redirectUri) {
        var client = clients.findByClientId(clientId).filter(found -> found.tenant().id().equals(tenant.id()));
        if (client.isEmpty() || !client.get().enabled()) {
            return Optional.of(Map.entry("client_id", "no enabled client with this client_id in this tenant"));
        }
        if (!client.get().redirectUris().contains(redirectUri)) {
            return Optional.of(Map.entry("redirect_uri", "must be exactly one of the client's redirect URIs"));
        }
        if (!client.get().allowsGrant("authorization_code")) {
            return Optional.of(Map.entry("client_id", "must be a client of the authorization code grant: the person signs in to it"));
        }
        return Optional.empty();
    }

    private Mailer.Draft email(Tenant tenant, Invitation invitation, String token) {
        Language language = invitation.locale().flatMap(Language::of).or(() -> tenant.defaultLanguage().flatMap(Language::of))
                .orElse(Language.DEFAULT);
        String link = UrlQuery.on(linkBase).add("token", token).add("ui_locales", language.tag()).toString();
        // the tenant's look (logo, accent colour) from the brandings in memory, as the reset's email
        Emails.Brand brand = brandings.of(tenant.id()).map(Branding::email)
                .orElseGet(() -> new Emails.Brand(tenant.displayName().orElse(tenant.name())));
        long days = Duration.between(invitation.sentAt(), invitation.expiresAt()).toDays();
        return new Mailer.Draft(tenant.id(), KIND, invitation.email(), language, brand,
                Map.of("name", invitation.name().orElse(invitation.username()), "username", invitation.username(), "link", link,
                        "days", days));
    }

    private static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException notAnId) {
            return Optional.empty();
        }
    }

    // --- the invited person's side ---

    /** The live invitation this token names, and its tenant (enabled). */
    @Transactional
    public Optional<Link> link(String token) {
        if (!Invitation.wellFormed(token)) {
            return Optional.empty();
        }
        return store.findLive(Hashes.sha256(token), clock.instant()).flatMap(invitation -> tenants.find(invitation.tenantId())
                .filter(Tenant::enabled).map(tenant -> new Link(invitation, tenant.displayName().orElse(tenant.name()),
                        tenant.defaultLanguage().flatMap(Language::of), Branding.page(tenant))));
    }

    /** Whether this session cookie names a live session: an invitation opened there would sign its person in over someone. */
    public boolean signedIn(String sessionCookie) {
        return sessions.resume(sessionCookie).map(SignInSession::userId).isPresent();
    }

    /**
     * Accepts the invitation with this password: checked against the policy first (the link stays
     * usable after a refused password), hashed with no connection held, then the user made — once.
     */
    public Outcome accept(String token, String password, String confirmation) {
        Optional<Link> link = link(token);
        if (link.isEmpty()) {
            return new Outcome.Dead();
        }
        if (!password.equals(confirmation)) {
            return new Outcome.Mismatch();
        }
        Invitation invitation = link.get().invitation();
        List<PasswordPolicy.Violation> broken = passwords.violations(password, invitation.username(), invitation.email());
        if (!broken.isEmpty()) {
            return new Outcome.Refused(broken.get(0).rule());
        }
        String hash = passwords.hasher().hash(password);
        try {
            return acceptance.accept(Hashes.sha256(token), hash)
                    .<Outcome>map(accepted -> new Outcome.Accepted(accepted.userId(), accepted.at(), authorizationRequest(accepted.invitation(),
                            ConsoleClients.clientId(accepted.tenantSlug()), consoles.profileRedirectUri())))
                    .orElseGet(Outcome.Dead::new);
        } catch (ProblemException taken) {
            // a user made meanwhile with this address or username: the transaction rolled back, the invitation is still pending
            return new Outcome.Taken();
        }
    }

    /**
     * The authorization request the accepted invitation's sign-in serves: its client's, or the account
     * page's (whose client takes no code, so its PKCE challenge needs no verifier).
     */
    static Map<String, String> authorizationRequest(Invitation invitation, String accountClientId, String accountPage) {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("response_type", "code");
        request.put("scope", "openid");
        // a challenge whose verifier no one keeps: PKCE is required of these clients, and no code is issued here
        request.put("code_challenge", RandomValues.base64url(32));
        request.put("code_challenge_method", "S256");
        if (invitation.clientId().isPresent() && invitation.redirectUri().isPresent()) {
            request.put("client_id", invitation.clientId().get());
            request.put("redirect_uri", invitation.redirectUri().get());
            request.put("state", AuthorizationFlow.INVITATION_STATE_PREFIX + RandomValues.base64url(16));
        } else {
            request.put("client_id", accountClientId);
            request.put("redirect_uri", accountPage);
        }
        invitation.locale().ifPresent(locale -> request.put("ui_locales", locale));
        return request;
    }
}
