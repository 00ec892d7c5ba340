package com.orbusdigital.oid.account;

import com.orbusdigital.oid.event.EmailVerificationEvent;
import com.orbusdigital.oid.event.EventRelay;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.mail.Mailer;
import com.orbusdigital.oid.persistence.Transactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Issue 17: the transactions of email verification, a bean of their own so that
 * {@link EmailVerification} calls them through their proxy and sees a failed commit (an address
 * taken at the last moment) as an outcome rather than a failure.
 */
@ApplicationScoped
public class EmailVerificationCommit {

    /** A link to write, and the email that carries it. */
    record NewLink(byte[] tokenHash, UUID tenantId, UUID userId, VerificationLink.Purpose purpose, String email,
                   Optional<String> boundEmail, Instant expires, Mailer.Draft draft, String by) {
        @Override
        public String toString() {
            return "NewLink[" + userId + ", " + purpose + "]";
        }
    }

    /** What following a link came to. */
    sealed interface Used {
        /** The address is verified; for a change, it replaced {@code previous}. */
        record Verified(VerificationLink link, Optional<String> previous) implements Used {}

        /** Expired, used, unknown, or the user's address changed since it was made: nothing changed. */
        record Dead() implements Used {}

        /** The new address is another account's now: nothing changed. */
        record Taken(VerificationLink link) implements Used {}
    }

    private EmailVerificationLinks links;
    private Mailer mailer;
    private Event<IdentityEvent> events;
    private EventRelay eventRelay;
    private Clock clock;

    protected EmailVerificationCommit() {
        // for the CDI proxy
    }

    @Inject
    public EmailVerificationCommit(EmailVerificationLinks links, Mailer mailer, Event<IdentityEvent> events, EventRelay eventRelay,
                                   Clock clock) {
        this.links = links;
        this.mailer = mailer;
        this.events = events;
        this.eventRelay = eventRelay;
        this.clock = clock;
    }

    /** The link and its email, in one transaction: the email leaves only if the link exists. */
    @Transactional
    public void send(NewLink link) {
        links.create(link.tokenHash(), link.tenantId(), link.userId(), link.purpose(), link.email(), link.boundEmail(), clock.instant(),
                link.expires(), true);
        String messageId = mailer.send(link.draft());
        events.fire(new EmailVerificationEvent.Requested(link.tenantId(), link.userId(), messageId, link.purpose().column(), link.by()));
    }

    /**
     * The statements of {@link #send} writing nothing — the link's, the email rendered and sealed, the
     * audit event's — for an address another account has: the answer takes as long as for a free one.
     */
    @Transactional
    public void rehearse(NewLink link) {
        links.create(link.tokenHash(), link.tenantId(), link.userId(), link.purpose(), link.email(), link.boundEmail(), clock.instant(),
                link.expires(), false);
        String messageId = mailer.rehearse(link.draft());
        eventRelay.rehearse(new EmailVerificationEvent.Requested(link.tenantId(), link.userId(), messageId, link.purpose().column(), link.by()));
    }

    /**
     * Uses the link once, under its user's row lock: the address verified, or (a change) the new
     * address in place of the old, verified, and the old one told through {@code notice} (an email
     * with no link). Nothing changes for a dead link or a new address another account has.
     *
     * @param notice the email to the previous address, given it; empty when it cannot receive one
     */
    @Transactional
    public Used use(byte[] tokenHash, Function<String, Optional<Mailer.Draft>> notice) {
        Instant now = clock.instant();
        Optional<VerificationLink> locked = links.lock(tokenHash);
        if (locked.isEmpty() || !locked.get().liveAt(now)) {
            return new Used.Dead();
        }
        VerificationLink link = locked.get();
        if (link.purpose() == VerificationLink.Purpose.VERIFY) {
            if (!links.use(tokenHash, now) || !links.verify(link.userId(), link.email(), now)) {
                return new Used.Dead();
            }
            events.fire(new EmailVerificationEvent.Verified(link.tenantId(), link.userId(), link.purpose().column()));
            return new Used.Verified(link, Optional.empty());
        }
        if (links.taken(link.tenantId(), link.email(), link.userId())) {
            return new Used.Taken(link);
        }
        if (!links.use(tokenHash, now)) {
            return new Used.Dead();
        }
        links.change(link.userId(), link.email(), tokenHash, now);
        link.currentEmail().flatMap(notice).ifPresent(mailer::send);
        events.fire(new EmailVerificationEvent.Verified(link.tenantId(), link.userId(), link.purpose().column()));
        events.fire(new EmailVerificationEvent.Changed(link.tenantId(), link.userId(), "user", true));
        return new Used.Verified(link, link.currentEmail());
    }
}
