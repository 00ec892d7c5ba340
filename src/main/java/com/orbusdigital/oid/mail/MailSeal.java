package com.orbusdigital.oid.mail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.config.Secret;
import com.orbusdigital.oid.key.PrivateKeyCipher;
import com.orbusdigital.oid.key.ServerSecrets;
import com.orbusdigital.oid.persistence.DatabaseReady;
import com.orbusdigital.oid.web.Unavailable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * Seals a waiting message at rest: AES-256-GCM under the server secret {@value #KEY_NAME} (table
 * server_secrets, made once and shared by every replica; itself sealed by OID_KEY_ENCRYPTION_KEY
 * when that is set), the Message-ID as additional data so a sealed body copied to another row does
 * not open there. A copy of the mail outbox alone — a dump of the table, a replica's log — then
 * holds no link. The key is read at start-up, never on a request.
 */
@ApplicationScoped
public class MailSeal {

    static final String KEY_NAME = "mail-outbox";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServerSecrets secrets;
    private volatile PrivateKeyCipher cipher;

    protected MailSeal() {
        // for the CDI proxy
    }

    @Inject
    public MailSeal(ServerSecrets secrets) {
        this.secrets = secrets;
    }

    /** With a key at hand (tests). */
    MailSeal(byte[] key) {
        this.cipher = cipher(key);
    }

    void onDatabaseReady(@Observes DatabaseReady ready) {
        cipher = cipher(secrets.loadOrCreate(KEY_NAME, 32));
    }

    private static PrivateKeyCipher cipher(byte[] key) {
        return new PrivateKeyCipher(Optional.of(new Secret(Base64.getEncoder().encodeToString(key))));
    }

    byte[] seal(OutgoingMail mail) {
        try {
            return current().seal(mail.messageId(), JSON.writeValueAsBytes(mail));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the email " + mail.messageId() + " could not be serialised");
        }
    }

    /** @throws IllegalStateException when it does not open: another row's body, another key */
    OutgoingMail open(String messageId, byte[] sealed) {
        byte[] json = current().open(messageId, PrivateKeyCipher.AES_GCM, sealed);
        try {
            OutgoingMail mail = JSON.readValue(json, OutgoingMail.class);
            if (!mail.messageId().equals(messageId)) {
                throw new IllegalStateException("the email " + messageId + " holds another message");
            }
            return mail;
        } catch (IOException e) {
            throw new IllegalStateException("the email " + messageId + " could not be read");
        }
    }

    private PrivateKeyCipher current() {
        PrivateKeyCipher known = cipher;
        if (known == null) {
            throw new Unavailable("emails cannot be sealed yet: the database has not been reached");
        }
        return known;
    }
}
