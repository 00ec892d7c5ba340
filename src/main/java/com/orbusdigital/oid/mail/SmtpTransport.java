package com.orbusdigital.oid.mail;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.config.SmtpUrl;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.Date;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Sends through the SMTP server of OID_SMTP_URL with Eclipse Angus Mail, one connection per
 * message (the relay sends one message at a time). {@code smtps://}: TLS from the first byte;
 * {@code smtp://}: STARTTLS whenever the server offers it, and with OID_SMTP_REQUIRE_STARTTLS a
 * server that does not is refused rather than spoken to in clear. The server's certificate and name
 * are checked in both cases. Every message is multipart/alternative (text, then HTML) under its own
 * stable Message-ID, so a copy sent twice (see docs/email.md) is one message to the reader's mail system.
 */
final class SmtpTransport implements MailTransport {

    static final int TIMEOUT_MILLIS = 20_000;

    private final SmtpUrl url;
    private final Session session;
    private final InternetAddress from;
    private final Clock clock;

    SmtpTransport(SmtpUrl url, boolean requireStartTls, String from, Clock clock) {
        this.url = url;
        this.clock = clock;
        String protocol = url.implicitTls() ? "smtps" : "smtp";
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", protocol);
        String prefix = "mail." + protocol + ".";
        properties.put(prefix + "host", url.host());
        properties.put(prefix + "port", Integer.toString(url.port()));
        properties.put(prefix + "auth", Boolean.toString(url.user().isPresent()));
        properties.put(prefix + "connectiontimeout", Integer.toString(TIMEOUT_MILLIS));
        properties.put(prefix + "timeout", Integer.toString(TIMEOUT_MILLIS));
        properties.put(prefix + "writetimeout", Integer.toString(TIMEOUT_MILLIS));
        properties.put(prefix + "ssl.checkserveridentity", "true");
        if (!url.implicitTls()) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", Boolean.toString(requireStartTls));
        }
        this.session = Session.getInstance(properties);
        try {
            this.from = new InternetAddress(from, true);
        } catch (MessagingException e) {
            throw new IllegalArgumentException("OID_SMTP_FROM is not one valid address"); // checked by OidConfig first
        }
    }

    static SmtpTransport of(OidConfig.Mail mail, Clock clock) {
        return new SmtpTransport(mail.smtp().orElseThrow(), mail.requireStartTls(), mail.from(), clock);
    }

    @Override
    public void send(OutgoingMail mail) throws MailFailure {
        try {
            MimeMessage message = message(mail);
            try (Transport transport = session.getTransport()) {
                transport.connect(url.host(), url.port(), url.user().orElse(null), url.password().map(p -> p.reveal()).orElse(null));
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (MessagingException failure) {
            throw classify(failure);
        }
    }

    MimeMessage message(OutgoingMail mail) throws MessagingException {
        String messageId = "<" + mail.messageId() + ">";
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId); // the row's own, the same at every attempt
            }
        };
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
        message.setSubject(mail.subject(), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("Content-Language", mail.locale());
        message.setHeader("Auto-Submitted", "auto-generated");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /** A 5xx reply about this message is permanent; anything else is worth another attempt. */
    static MailFailure classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            int code = replyCode(cause);
            if (code > 0) {
                return new MailFailure(code >= 500 && code < 600, Integer.toString(code));
            }
            if (cause instanceof AuthenticationFailedException) {
                return new MailFailure(false, "authentication");
            }
            if (cause instanceof SocketTimeoutException) {
                return new MailFailure(false, "timeout");
            }
            if (cause instanceof java.net.ConnectException || cause instanceof java.net.UnknownHostException) {
                return new MailFailure(false, "unreachable");
            }
            if (cause instanceof javax.net.ssl.SSLException) {
                return new MailFailure(false, "tls");
            }
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        // Angus's own words when STARTTLS is required and the server does not offer it
        return new MailFailure(false, message.contains("STARTTLS") ? "starttls" : failure.getClass().getSimpleName());
    }

    private static int replyCode(Throwable cause) {
        if (cause instanceof SMTPSendFailedException sendFailed) {
            return sendFailed.getReturnCode();
        }
        if (cause instanceof SMTPAddressFailedException addressFailed) {
            return addressFailed.getReturnCode();
        }
        if (cause instanceof SMTPSenderFailedException senderFailed) {
            return senderFailed.getReturnCode();
        }
        return 0;
    }

    private static Throwable next(Throwable cause) {
        if (cause instanceof MessagingException messaging && messaging.getNextException() != null
                && messaging.getNextException() != cause) {
            return messaging.getNextException();
        }
        return cause.getCause() == cause ? null : cause.getCause();
    }

    @Override
    public String via() {
        return "smtp";
    }

    @Override
    public void close() {
        // a connection per message: nothing held
    }
}
