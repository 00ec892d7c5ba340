package com.orbusdigital.oid.testing;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app for the sign-in tests, written apart from OID's own code: it reads the secret
 * as a page shows it (base32, grouped) and makes the RFC 6238 codes a phone would, each step's code
 * once — as a person who just used a code waits for the next one (OID refuses a step used before).
 */
public final class AuthenticatorApp {

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final long PERIOD = 30;

    private final byte[] secret;
    private long lastStep = Long.MIN_VALUE;
    private String lastCode;

    public AuthenticatorApp(String shown) {
        this.secret = decode(shown.replaceAll("\\s", "").toUpperCase(Locale.ROOT));
    }

    /**
     * A code OID has not seen: the current step's, or the next one's (OID allows a step of drift)
     * when the current one was used; when both were, the next step is waited for.
     */
    public synchronized String nextCode() {
        long current = step(Instant.now());
        while (lastStep > current) {
            sleep(Duration.ofMillis(500));
            current = step(Instant.now());
        }
        long step = Math.max(current, lastStep + 1);
        lastStep = step;
        lastCode = code(step);
        return lastCode;
    }

    /** The code {@link #nextCode} gave last (to replay it). */
    public synchronized String lastCode() {
        return lastCode;
    }

    /** A code of none of the steps OID would accept now. */
    public String wrongCode() {
        long current = step(Instant.now());
        for (int candidate = 0; ; candidate += 111_111) {
            String code = String.format("%06d", candidate % 1_000_000);
            if (!code.equals(code(current - 1)) && !code.equals(code(current)) && !code.equals(code(current + 1))
                    && !code.equals(code(current + 2))) {
                return code;
            }
        }
    }

    private String code(long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[19] & 0xf;
            int value = (ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7fffffff) % 1_000_000;
            return String.format("%06d", value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long step(Instant at) {
        return at.getEpochSecond() / PERIOD;
    }

    private static byte[] decode(String base32) {
        ByteBuffer out = ByteBuffer.allocate(base32.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : base32.toCharArray()) {
            int value = BASE32.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
