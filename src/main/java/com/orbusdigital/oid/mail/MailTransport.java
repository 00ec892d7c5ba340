package com.orbusdigital.oid.mail;

/** Where a message leaves OID: the SMTP server of OID_SMTP_URL, or OID_MAIL_TOPIC without one. */
public interface MailTransport extends AutoCloseable {

    /** Returns once the SMTP server accepted the message (or the broker acknowledged it), or throws. */
    void send(OutgoingMail mail) throws MailFailure;

    /** "smtp" or "topic", as the {@code oid.email.sent} event says. */
    String via();

    @Override
    void close();
}
