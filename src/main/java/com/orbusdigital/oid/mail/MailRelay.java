package com.orbusdigital.oid.mail;

import com.orbusdigital.oid.event.EmailEvent;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.persistence.PeriodicWork;
import com.orbusdigital.oid.persistence.UnitOfWork;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Sends the mail outbox: a step of {@link PeriodicWork} ({@code oid-mail-relay}), modelled on the
 * event outbox's relay. Each message is one transaction: take the oldest due row no other replica
 * holds ({@code FOR UPDATE SKIP LOCKED}: one replica sends it), open it, hand it to the transport
 * and wait for the server's acceptance, then record the outcome — sent (the sealed body deleted),
 * tried again later ({@link Backoff}), or given up (counted in {@code oid_mail_given_up_total}) —
 * with its event, and commit.
 * <p>
 * "Never twice" holds but for one case: OID stopping between the server's acceptance and the
 * commit. The row is then still due and is sent again after the restart, under the same Message-ID.
 * As a row is committed before the next is taken, a crash repeats at most the one message in
 * flight on that replica (docs/email.md).
 */
@ApplicationScoped
public class MailRelay implements PeriodicWork.Periodic {

    private static final Logger LOG = LoggerFactory.getLogger(MailRelay.class);
    static final Duration IDLE_POLL = Duration.ofSeconds(1);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Sent and given-up rows (no body left) are kept this long, for a tenant administrator's questions. */
    static final Duration RETENTION = Duration.ofDays(7);
    static final Duration CLEANUP_EVERY = Duration.ofMinutes(10);
    static final int CLEANUP_BATCH = 500;

    private MailOutbox outbox;
    private MailSeal seal;
    private MailTransport transport;
    private UnitOfWork unitOfWork;
    private Event<IdentityEvent> events;
    private Clock clock;
    private MeterRegistry meters;
    // touched by the step's thread only
    private Instant nextCleanup = Instant.MIN;

    protected MailRelay() {
        // for the CDI proxy
    }

    @Inject
    public MailRelay(MailOutbox outbox, MailSeal seal, MailTransport transport, UnitOfWork unitOfWork, Event<IdentityEvent> events,
                     Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.seal = seal;
        this.transport = transport;
        this.unitOfWork = unitOfWork;
        this.events = events;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public PeriodicWork.Step step() {
        return PeriodicWork.Step.paced("oid-mail-relay", "Mail outbox: sending", FIRST_BACKOFF, this::relay)
                .backingOff(FIRST_BACKOFF, MAX_BACKOFF)
                .meanwhile("messages wait in the outbox");
    }

    /** Messages waiting to be sent (for operators and tests). */
    public long waiting() {
        return unitOfWork.call(outbox::waiting);
    }

    private Duration relay(PeriodicWork.Running running) {
        if (!clock.instant().isBefore(nextCleanup)) {
            nextCleanup = clock.instant().plus(CLEANUP_EVERY);
            Instant cutoff = clock.instant().minus(RETENTION);
            unitOfWork.call(() -> outbox.deleteDoneBefore(cutoff, CLEANUP_BATCH));
        }
        while (running.running()) {
            if (!unitOfWork.call(this::sendOne)) {
                return IDLE_POLL;
            }
        }
        return IDLE_POLL;
    }

    /** One message, its outcome committed with it; false when none is due. */
    private boolean sendOne() {
        Instant now = clock.instant();
        Optional<MailOutbox.Due> next = outbox.nextDue(now);
        if (next.isEmpty()) {
            return false;
        }
        MailOutbox.Due due = next.get();
        int attempts = due.attempts() + 1;
        OutgoingMail mail;
        try {
            mail = seal.open(due.messageId(), due.sealed().orElseThrow(() -> new IllegalStateException("no body")));
        } catch (IllegalStateException unreadable) {
            // another OID_KEY_ENCRYPTION_KEY, a damaged row: no attempt can ever succeed
            LOG.warn("Email {} ({}) cannot be opened and is given up", due.messageId(), due.kind());
            giveUp(due, attempts, "", "unreadable", now);
            return true;
        }
        try {
            transport.send(mail);
        } catch (MailFailure failure) {
            Duration age = Duration.between(due.createdAt(), now);
            if (Backoff.givesUp(failure, attempts, age)) {
                LOG.warn("Email {} ({}) given up after {} attempt(s): {}", due.messageId(), due.kind(), attempts, failure.reason());
                giveUp(due, attempts, mail.recipientDomain(), failure.permanent() ? failure.reason() : "expired", now);
            } else {
                Duration pause = Backoff.after(attempts);
                LOG.info("Email {} ({}) not sent ({}), attempt {}; next in {} s", due.messageId(), due.kind(), failure.reason(), attempts,
                        pause.toSeconds());
                outbox.retry(due.id(), now.plus(pause), failure.reason());
            }
            return true;
        }
        outbox.sent(due.id(), clock.instant());
        events.fire(new EmailEvent.Sent(due.tenantId(), due.messageId(), due.kind(), mail.recipientDomain(), attempts, transport.via()));
        sent().increment();
        return true;
    }

    private void giveUp(MailOutbox.Due due, int attempts, String domain, String reason, Instant now) {
        outbox.givenUp(due.id(), now, reason);
        events.fire(new EmailEvent.Failed(due.tenantId(), due.messageId(), due.kind(), domain, attempts, reason));
        givenUp(reason).increment();
    }

    private Counter sent() {
        return Counter.builder("oid_mail_sent").description("Emails accepted by the SMTP server or published on OID_MAIL_TOPIC")
                .tag("via", transport.via()).register(meters);
    }

    private Counter givenUp(String reason) {
        String kind = reason.equals("expired") || reason.equals("unreadable") ? reason : "refused";
        return Counter.builder("oid_mail_given_up").description("Emails given up: refused for good (5xx), expired or unreadable")
                .tag("reason", kind).register(meters);
    }
}
