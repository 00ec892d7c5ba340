package com.orbusdigital.oid.session.backchannel;

import com.orbusdigital.oid.event.BackChannelLogoutEvent;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.persistence.PeriodicWork;
import com.orbusdigital.oid.persistence.UnitOfWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 18: sends the back-channel logout outbox, a step of {@link PeriodicWork}
 * ({@code oid-backchannel-logout}) modelled on the mail relay. Each logout is one transaction: take
 * the oldest due row no other replica holds ({@code FOR UPDATE SKIP LOCKED}: one replica sends it),
 * sign a logout token, POST it, then record the outcome — delivered ({@code oid.session.logout_notified}),
 * tried again later ({@link LogoutRetries}), or given up ({@code oid.session.logout_notification_failed})
 * — and commit. A failure that will be retried is logged, not published: the event stream says what
 * became of a logout once, not every hiccup of an application.
 * <p>
 * OID stopping between the client's 2xx and the commit sends that one logout again after the
 * restart, with another jti: harmless, the session is gone already.
 */
@ApplicationScoped
public class BackChannelRelay implements PeriodicWork.Periodic {

    private static final Logger LOG = LoggerFactory.getLogger(BackChannelRelay.class);
    static final Duration IDLE_POLL = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private LogoutOutbox outbox;
    private LogoutTokens tokens;
    private LogoutDelivery delivery;
    private UnitOfWork unitOfWork;
    private Event<IdentityEvent> events;
    private Clock clock;

    protected BackChannelRelay() {
        // for the CDI proxy
    }

    @Inject
    public BackChannelRelay(LogoutOutbox outbox, LogoutTokens tokens, LogoutDelivery delivery, UnitOfWork unitOfWork,
                            Event<IdentityEvent> events, Clock clock) {
        this.outbox = outbox;
        this.tokens = tokens;
        this.delivery = delivery;
        this.unitOfWork = unitOfWork;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public PeriodicWork.Step step() {
        return PeriodicWork.Step.paced("oid-backchannel-logout", "Back-channel logout: sending", IDLE_POLL, this::relay)
                .backingOff(IDLE_POLL, MAX_BACKOFF)
                .meanwhile("logout tokens wait in the outbox");
    }

    private Duration relay(PeriodicWork.Running running) {
        while (running.running()) {
            if (!unitOfWork.call(this::sendOne)) {
                return IDLE_POLL;
            }
        }
        return IDLE_POLL;
    }

    /** One logout, its outcome committed with it; false when none is due. */
    private boolean sendOne() {
        Instant now = clock.instant();
        Optional<LogoutOutbox.Due> next = outbox.nextDue(now);
        if (next.isEmpty()) {
            return false;
        }
        LogoutOutbox.Due due = next.get();
        int attempts = due.attempts() + 1;
        if (due.uri().isEmpty()) {
            LOG.info("Back-channel logout of session {} to client {} given up: its URI was removed", due.sessionId(), due.clientId());
            giveUp(due, attempts, "no_uri");
            return true;
        }
        String token = tokens.sign(new LogoutTokens.Logout(due.clientId(), due.userId(), due.sessionId()), now);
        LogoutDelivery.Outcome outcome = delivery.post(due.uri().get(), token);
        if (outcome.delivered()) {
            outbox.done(due.id());
            events.fire(new BackChannelLogoutEvent.Notified(due.tenantId(), due.clientId(), due.sessionId(), attempts,
                    outcome.status().orElseThrow()));
            return true;
        }
        String failure = outcome.failure().orElseThrow();
        if (LogoutRetries.givesUp(Duration.between(due.createdAt(), clock.instant()))) {
            LOG.warn("Back-channel logout of session {} to client {} given up after {} attempt(s): {}", due.sessionId(), due.clientId(),
                    attempts, failure);
            giveUp(due, attempts, failure);
        } else {
            Duration pause = LogoutRetries.after(attempts);
            LOG.info("Back-channel logout of session {} to client {} not delivered ({}), attempt {}; next in {} s", due.sessionId(),
                    due.clientId(), failure, attempts, pause.toSeconds());
            outbox.retry(due.id(), clock.instant().plus(pause), failure);
        }
        return true;
    }

    private void giveUp(LogoutOutbox.Due due, int attempts, String failure) {
        outbox.done(due.id());
        events.fire(new BackChannelLogoutEvent.NotificationFailed(due.tenantId(), due.clientId(), due.sessionId(), attempts, failure));
    }
}
