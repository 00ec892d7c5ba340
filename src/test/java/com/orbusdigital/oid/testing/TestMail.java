package com.orbusdigital.oid.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 17: a real SMTP server in the test JVM (GreenMail) on {@code 127.0.0.1:<port>}, the
 * OID_SMTP_URL of the Arquillian Tomcat. Tests read what it received, by recipient.
 */
public final class TestMail implements AutoCloseable {

    /** A bare address: it is substituted into arquillian.xml, where a display name's angle brackets would break the XML. */
    public static final String FROM = "no-reply@oid.test";
    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+/login/password/reset\\?token=[A-Za-z0-9_-]+[^\\s\"<>]*");

    private final int port;
    private volatile GreenMail server;

    public TestMail(int port) {
        this.port = port;
        this.server = started(port);
    }

    private static GreenMail started(int port) {
        GreenMail server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    /** The server goes away: connections to the port are refused until {@link #start} (what was received is forgotten). */
    public synchronized void stop() {
        server.stop();
    }

    /** A server on the same port again. */
    public synchronized void start() {
        server = started(port);
    }

    public String url() {
        return "smtp://127.0.0.1:" + port;
    }

    /** One message as a reader gets it: its headers, its text and HTML forms. */
    public record Received(String to, String subject, String messageId, String contentLanguage, String text, String html) {
        /** The forgotten password's link in the text form. */
        public String resetLink() {
            Matcher matcher = LINK.matcher(text);
            if (!matcher.find()) {
                throw new AssertionError("no reset link in: " + text);
            }
            return matcher.group();
        }
    }

    /** Every message received for this address so far. */
    public List<Received> to(String address) {
        List<Received> found = new ArrayList<>();
        for (MimeMessage message : server.getReceivedMessages()) {
            try {
                if (Arrays.stream(message.getAllRecipients()).anyMatch(recipient -> recipient.toString().contains(address))) {
                    found.add(read(address, message));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    /** Waits (up to {@code timeout}) for the {@code n}-th message to this address. */
    public Received awaitNth(String address, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> found = to(address);
            if (found.size() >= n) {
                return found.get(n - 1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no message #" + n + " to " + address + " within " + timeout);
    }

    private static Received read(String address, MimeMessage message) throws Exception {
        String text = "";
        String html = "";
        if (message.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    text = (String) part.getContent();
                } else if (part.isMimeType("text/html")) {
                    html = (String) part.getContent();
                }
            }
        }
        return new Received(address, message.getSubject(), message.getMessageID(),
                Optional.ofNullable(message.getHeader("Content-Language", null)).orElse(""), text, html);
    }

    @Override
    public void close() {
        server.stop();
    }
}
