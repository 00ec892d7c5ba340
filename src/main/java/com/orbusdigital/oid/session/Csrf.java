package com.orbusdigital.oid.session;

import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.key.ServerSecrets;
import com.orbusdigital.oid.persistence.DatabaseReady;
import com.orbusdigital.oid.web.BrowserCookies;
import com.orbusdigital.oid.web.Unavailable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CSRF protection for OID's forms. The browser holds a random value in a SameSite=Strict cookie;
 * a form's hidden field carries {@code issued.HMAC(key, purpose, cookie, binding, issued)}, where
 * the key is the server's own (table server_secrets, the same on every replica, in memory from
 * start-up) and the binding is what the form is for: the pending authorization request of a login
 * form, the session of a logout confirmation. Another site can make a browser post here but can
 * neither read the cookie nor compute a field; and whoever manages to plant a cookie (a sibling
 * subdomain, plain http) along with the field of their own form still cannot pass another
 * request's or session's form. A field lives as long as a session at most (OID_SESSION_MAX_SECS).
 */
@ApplicationScoped
public class Csrf {

    public static final String FIELD = "csrf";
    static final String KEY_NAME = "csrf";
    /** Replicas' clocks may disagree a little: a field issued this far "in the future" still passes. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Pattern COOKIE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Pattern TOKEN = Pattern.compile("([0-9]{1,12})\\.([A-Za-z0-9_-]{43})");

    /** What a form is for: a field made for one never passes as the other. */
    public enum Purpose { LOGIN, LOGOUT, ACCOUNT, CONSENT, RESET, INVITATION /* issue 17, invitations */, SIGN_UP /* issue 17, self sign-up */,
        VERIFY_EMAIL /* issue 17, email verification (the link's page) */ }

    /** The value a form carries, and the cookie to set when the browser has none yet. */
    public record Token(String value, List<String> setCookies) {}

    private ServerSecrets secrets;
    private Clock clock;
    private Duration lifetime;
    private BrowserCookies cookies;
    private volatile byte[] key;

    protected Csrf() {
        // for the CDI proxy
    }

    @Inject
    public Csrf(ServerSecrets secrets, Clock clock, OidConfig config) {
        this(null, clock, config.signIn().sessionMax(), new BrowserCookies(config.issuer()));
        this.secrets = secrets;
    }

    /** With a key at hand (tests). */
    Csrf(byte[] key, Clock clock, Duration lifetime, BrowserCookies cookies) {
        this.key = key;
        this.clock = clock;
        this.lifetime = lifetime;
        this.cookies = cookies;
    }

    void onDatabaseReady(@Observes DatabaseReady ready) {
        key = secrets.loadOrCreate(KEY_NAME, 32);
    }

    /**
     * The field of a form bound to {@code binding}, for the browser's CSRF cookie; a fresh cookie
     * (to set) when the browser has none fit to use.
     */
    public Token forForm(Purpose purpose, Optional<String> cookie, List<Optional<String>> binding) {
        if (cookie.filter(value -> COOKIE.matcher(value).matches()).isPresent()) {
            return new Token(field(purpose, cookie.get(), binding, clock.instant().getEpochSecond()), List.of());
        }
        String fresh = RandomValues.base64url(32);
        return new Token(field(purpose, fresh, binding, clock.instant().getEpochSecond()), List.of(cookies.csrf(fresh)));
    }

    /**
     * Whether the posted field was made here for this purpose, this browser's cookie and this
     * binding, and is not older than its lifetime. The MACs are compared in constant time.
     */
    public boolean matches(Purpose purpose, Optional<String> field, Optional<String> cookie, List<Optional<String>> binding) {
        if (field.isEmpty() || cookie.filter(value -> COOKIE.matcher(value).matches()).isEmpty()) {
            return false;
        }
        var parts = TOKEN.matcher(field.get());
        if (!parts.matches()) {
            return false;
        }
        long issued = Long.parseLong(parts.group(1));
        Instant now = clock.instant();
        if (Instant.ofEpochSecond(issued).isAfter(now.plus(CLOCK_SKEW)) || Instant.ofEpochSecond(issued).plus(lifetime).isBefore(now)) {
            return false;
        }
        return MessageDigest.isEqual(field(purpose, cookie.get(), binding, issued).getBytes(StandardCharsets.US_ASCII),
                field.get().getBytes(StandardCharsets.US_ASCII));
    }

    /** What binds a form to a secret (a session cookie) without the secret itself going into the MAC: its SHA-256. */
    public static String digest(String secret) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Hashes.sha256(secret));
    }

    private String field(Purpose purpose, String cookie, List<Optional<String>> binding, long issued) {
        byte[] current = key;
        if (current == null) {
            throw new Unavailable("forms cannot be protected yet: the database has not been reached");
        }
        // every part length-prefixed (absent = "-"), so that no two different inputs read alike
        StringBuilder input = new StringBuilder();
        part(input, purpose.name());
        part(input, cookie);
        part(input, Long.toString(issued));
        binding.forEach(value -> value.ifPresentOrElse(v -> part(input, v), () -> input.append("-;")));
        return issued + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(Hashes.hmacSha256(current, input.toString()));
    }

    private static void part(StringBuilder input, String value) {
        input.append(value.length()).append(':').append(value).append(';');
    }
}
