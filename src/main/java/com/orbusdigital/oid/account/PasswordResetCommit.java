package com.orbusdigital.oid.account;

import com.orbusdigital.oid.event.EmailEvent;
import com.orbusdigital.oid.event.EventRelay;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.SignInEvent;
import com.orbusdigital.oid.event.UserChange;
import com.orbusdigital.oid.mail.Mailer;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.session.Sessions;
import com.orbusdigital.oid.session.SignInSession;
import com.orbusdigital.oid.session.backchannel.BackChannelLogouts;
import com.orbusdigital.oid.token.RefreshTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issue 17: the two transactions of the forgotten password, a bean of their own so that
 * {@link PasswordReset} calls them through their proxy (no connection is held while it hashes).
 */
@ApplicationScoped
public class PasswordResetCommit {

    /** A link to write, and the email that carries it (for an address no account has: rehearsed, nothing written). */
    record NewLink(byte[] tokenHash, UUID tenantId, UUID userId, Optional<String> passwordHash, String returnQuery, Instant expires,
                   Mailer.Draft email) {
        @Override
        public String toString() {
            return "NewLink[" + userId + "]";
        }
    }

    /** What a completed reset ended. */
    record Completed(PasswordResetLinks.Live link, int sessionsEnded, int refreshTokensRevoked) {}

    private PasswordResetLinks links;
    private Mailer mailer;
    private Sessions sessions;
    private RefreshTokens refreshTokens;
    private Event<IdentityEvent> events;
    private EventRelay eventRelay;
    private Clock clock;
    private BackChannelLogouts backChannel;

    protected PasswordResetCommit() {
        // for the CDI proxy
    }

    @Inject
    public PasswordResetCommit(PasswordResetLinks links, Mailer mailer, Sessions sessions, RefreshTokens refreshTokens,
                               Event<IdentityEvent> events, EventRelay eventRelay, Clock clock, BackChannelLogouts backChannel) {
        this.backChannel = backChannel;
        this.eventRelay = eventRelay;
        this.links = links;
        this.mailer = mailer;
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.events = events;
        this.clock = clock;
    }

    /** The link and its email, in one transaction: the email leaves only if the link exists. */
    @Transactional
    public void send(NewLink link) {
        Instant now = clock.instant();
        links.create(link.tokenHash(), link.tenantId(), link.userId(), link.passwordHash(), link.returnQuery(), now, link.expires(), true);
        String messageId = mailer.send(link.email());
        events.fire(new EmailEvent.ResetRequested(link.tenantId(), link.userId(), messageId));
    }

    /** The same statements as {@link #send} (the audit event's too), writing nothing: an address no account has takes as long. */
    @Transactional
    public void rehearse(NewLink link) {
        links.create(link.tokenHash(), link.tenantId(), link.userId(), link.passwordHash(), link.returnQuery(), clock.instant(),
                link.expires(), false);
        String messageId = mailer.rehearse(link.email());
        eventRelay.rehearse(new EmailEvent.ResetRequested(link.tenantId(), link.userId(), messageId));
    }

    /**
     * Uses the link (once: an atomic UPDATE) and sets the password already hashed; ends every session
     * of the user, their refresh tokens (offline ones too), pending sign-ins and unexchanged codes,
     * and lifts the lock. Empty when the link was not live any more.
     */
    @Transactional
    public Optional<Completed> complete(byte[] tokenHash, String passwordHash) {
        Instant now = clock.instant();
        Optional<PasswordResetLinks.Live> used = links.use(tokenHash, now);
        if (used.isEmpty()) {
            return Optional.empty();
        }
        PasswordResetLinks.Live link = used.get();
        links.setPassword(link.userId(), passwordHash, tokenHash, now);
        int ended = 0;
        for (Sessions.Listed listed : sessions.ofUser(link.userId())) {
            Optional<SignInSession> gone = sessions.endById(listed.session().id());
            if (gone.isPresent()) {
                backChannel.sessionsEnded(List.of(gone.get())); // issue 18: its applications are told
                int revoked = refreshTokens.revokeForLogout(gone.get().id(), now);
                events.fire(new SignInEvent.SignedOut(link.tenantId(), link.userId(), gone.get().id(), Optional.empty(), revoked));
                ended++;
            }
        }
        int revoked = refreshTokens.revokeForUser(link.userId(), now);
        events.fire(new UserChange.PasswordChanged(link.tenantId(), link.userId()));
        events.fire(new EmailEvent.ResetCompleted(link.tenantId(), link.userId(), ended, revoked));
        return Optional.of(new Completed(link, ended, revoked));
    }
}
