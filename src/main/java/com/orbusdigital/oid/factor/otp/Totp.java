package com.orbusdigital.oid.factor.otp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time codes as authenticator apps make them: HMAC-SHA1, 6 digits, 30-second
 * steps from the Unix epoch. A code is accepted for the step before and after the current one (clocks
 * drift, people type slowly); which step matched is what stops its replay (the caller stores it).
 */
public final class Totp {

    public static final int DIGITS = 6;
    public static final long PERIOD_SECONDS = 30;
    /** 160 bits, the size of an HMAC-SHA1 key (RFC 4226 §4 recommends it). */
    public static final int SECRET_BYTES = 20;
    /** Steps accepted on either side of the current one. */
    static final int DRIFT = 1;

    private static final int[] POWERS = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {}

    /** The time step {@code at} falls in. */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), PERIOD_SECONDS);
    }

    /** The 6-digit code of {@code step}. */
    public static String code(byte[] secret, long step) {
        return code(secret, step, DIGITS);
    }

    /** RFC 4226 §5.3: the HMAC of the step, dynamically truncated to {@code digits} digits. */
    static String code(byte[] secret, long step, int digits) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JDK", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16) | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        StringBuilder code = new StringBuilder(Integer.toString(binary % POWERS[digits]));
        while (code.length() < digits) {
            code.insert(0, '0');
        }
        return code.toString();
    }

    /**
     * The step within {@link #DRIFT} of {@code now} whose code {@code code} is; empty when none. Every
     * candidate is computed and compared in constant time, so the answer's timing says nothing of
     * which step (or digit) matched.
     */
    public static OptionalLong matchingStep(byte[] secret, String code, Instant now) {
        byte[] typed = code.getBytes(StandardCharsets.US_ASCII);
        long current = step(now);
        OptionalLong matched = OptionalLong.empty();
        for (long step = current - DRIFT; step <= current + DRIFT; step++) {
            boolean equal = MessageDigest.isEqual(typed, code(secret, step).getBytes(StandardCharsets.US_ASCII));
            if (equal && matched.isEmpty()) {
                matched = OptionalLong.of(step);
            }
        }
        return matched;
    }

    /**
     * What a person typed, as a code: digits only once spaces are dropped (apps show "123 456"),
     * exactly {@link #DIGITS} of them; empty for anything else.
     */
    public static Optional<String> normalise(String typed) {
        if (typed.length() > 32) {
            return Optional.empty();
        }
        String digits = typed.replace(" ", "").replace("\u00a0", "").strip();
        return digits.length() == DIGITS && digits.chars().allMatch(c -> c >= '0' && c <= '9')
                ? Optional.of(digits) : Optional.empty();
    }
}
