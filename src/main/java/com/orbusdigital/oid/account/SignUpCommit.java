package com.orbusdigital.oid.account;

import com.orbusdigital.oid.event.EventRelay;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.SignUpEvent;
import com.orbusdigital.oid.mail.Mailer;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.user.User;
import com.orbusdigital.oid.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Issue 17, self sign-up: its transactions, a bean of their own so that {@link SignUp} calls them
 * through their proxy (no connection is held while it hashes the password).
 */
@ApplicationScoped
public class SignUpCommit {

    /**
     * A sign-up's email and the link it may carry: written for a new address; for an address that
     * has an account, the same statement writing nothing and the email that says so instead.
     */
    record Request(byte[] tokenHash, UUID tenantId, String email, Optional<String> name, String returnQuery, Instant expires,
                   boolean accountExists, Mailer.Draft draft) {
        @Override
        public String toString() {
            return "Request[" + tenantId + "]";
        }
    }

    /** What using a link came to, once it was live: the account created, or the address already someone's. */
    sealed interface Used {
        record Created(UUID tenantId, UUID userId, String returnQuery) implements Used {}

        record Taken(UUID tenantId) implements Used {}
    }

    private SignUpLinks links;
    private Mailer mailer;
    private UserService users;
    private Event<IdentityEvent> events;
    private EventRelay eventRelay;
    private Clock clock;

    protected SignUpCommit() {
        // for the CDI proxy
    }

    @Inject
    public SignUpCommit(SignUpLinks links, Mailer mailer, UserService users, Event<IdentityEvent> events, EventRelay eventRelay, Clock clock) {
        this.links = links;
        this.mailer = mailer;
        this.users = users;
        this.events = events;
        this.eventRelay = eventRelay;
        this.clock = clock;
    }

    /** The link (for a new address) and the email, in one transaction: the email leaves only if the change commits. */
    @Transactional
    public void send(Request request) {
        create(request, !request.accountExists());
        String messageId = mailer.send(request.draft());
        events.fire(new SignUpEvent.Requested(request.tenantId(), messageId, SignUp.domain(request.email()), request.accountExists()));
    }

    /** The same statements as {@link #send} (the audit event's too), writing nothing: a request past the limits takes as long. */
    @Transactional
    public void rehearse(Request request) {
        create(request, false);
        String messageId = mailer.rehearse(request.draft());
        eventRelay.rehearse(new SignUpEvent.Requested(request.tenantId(), messageId, SignUp.domain(request.email()), request.accountExists()));
    }

    private void create(Request request, boolean real) {
        links.create(request.tokenHash(), request.tenantId(), request.email(), request.name(), request.returnQuery(), clock.instant(),
                request.expires(), real);
    }

    /**
     * Uses the link (once: an atomic UPDATE) and creates the account with the password already hashed,
     * its address verified. Empty when the link was not live any more; {@link Used.Taken}, nothing
     * created, when the address got an account meanwhile.
     */
    @Transactional
    public Optional<Used> complete(byte[] tokenHash, String passwordHash, String clientId) {
        Optional<SignUpLinks.Live> used = links.use(tokenHash, clock.instant());
        if (used.isEmpty()) {
            return Optional.empty();
        }
        SignUpLinks.Live link = used.get();
        Optional<User> created = users.createVerified(link.tenantId(), link.email(), link.name(), passwordHash);
        if (created.isEmpty()) {
            return Optional.of(new Used.Taken(link.tenantId()));
        }
        links.forgetOthers(link.tenantId(), link.email(), tokenHash);
        events.fire(new SignUpEvent.SignedUp(link.tenantId(), created.get().id(), clientId));
        return Optional.of(new Used.Created(link.tenantId(), created.get().id(), link.returnQuery()));
    }
}
