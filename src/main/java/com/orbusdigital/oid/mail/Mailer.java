package com.orbusdigital.oid.mail;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.web.page.Emails;
import com.orbusdigital.oid.web.page.Language;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What a use case calls to send an email: the message is rendered from its templates in the
 * reader's language, checked (one address, a one-line subject), sealed and written to the mail
 * outbox in the caller's transaction — so it leaves if and only if the change it announces commits,
 * and the request never waits for an SMTP server. {@link MailRelay} sends it.
 */
@ApplicationScoped
public class Mailer {

    /**
     * An email to write.
     *
     * @param kind  its templates ({@code templates/email/<kind>.html}, {@code .txt}) and its name in events
     * @param to    one address (checked strictly; refused if it is not)
     * @param model what the templates read, besides {@code brand}
     */
    public record Draft(UUID tenantId, String kind, String to, Language language, Emails.Brand brand, Map<String, Object> model) {
        public Draft {
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(brand, "brand");
            model = Map.copyOf(model);
        }

        @Override
        public String toString() {
            return "Draft[" + kind + "]"; // never the address or the model (a link)
        }
    }

    private MailOutbox outbox;
    private MailSeal seal;
    private EntityManager entityManager;
    private Clock clock;
    private String host;

    protected Mailer() {
        // for the CDI proxy
    }

    @Inject
    public Mailer(MailOutbox outbox, MailSeal seal, EntityManager entityManager, Clock clock, OidConfig config) {
        this.outbox = outbox;
        this.seal = seal;
        this.entityManager = entityManager;
        this.clock = clock;
        this.host = URI.create(config.issuer().value()).getHost();
    }

    /**
     * Writes the email to the outbox in the current transaction; answers its Message-ID.
     *
     * @throws IllegalArgumentException when the address is not one valid address
     */
    public String send(Draft draft) {
        return write(draft, true);
    }

    /**
     * Does the work of {@link #send} — renders, seals, runs the same statement — but writes nothing:
     * for a request that must take as long whether or not it sends (the forgotten password of an
     * address no account has).
     */
    public String rehearse(Draft draft) {
        return write(draft, false);
    }

    private String write(Draft draft, boolean real) {
        if (!inTransaction()) {
            throw new IllegalStateException("an email must be written in the transaction of its change");
        }
        Emails.Rendered rendered = Emails.SERVED.render(draft.kind(), draft.language(), draft.brand(), draft.model());
        String messageId = UUID.randomUUID() + "@" + host;
        OutgoingMail mail = new OutgoingMail(messageId, draft.tenantId(), draft.kind(), draft.to(), draft.language().tag(),
                rendered.subject(), rendered.text(), rendered.html());
        outbox.append(messageId, draft.tenantId(), draft.kind(), seal.seal(mail), clock.instant(), real);
        return messageId;
    }

    private boolean inTransaction() {
        try {
            return entityManager.getTransaction().isActive();
        } catch (ContextNotActiveException noRequest) {
            return false;
        }
    }
}
