package com.orbusdigital.oid.factor.recovery;

import com.orbusdigital.oid.crypto.Hashes;
import com.orbusdigital.oid.crypto.RandomValues;
import com.orbusdigital.oid.factor.Base32;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recovery codes: {@value #COUNT} per set, 80 random bits each, written as base32 in four groups
 * ("abcd-efgh-ijkl-mnop") and typed back with or without the dashes or spaces, in either case. Only
 * their SHA-256 is stored: 80 bits leave nothing to guess from it, so no salt or slow hash is needed.
 */
public final class RecoveryCodes {

    public static final int COUNT = 10;
    private static final int BYTES = 10;
    private static final int LENGTH = BYTES * 8 / 5;
    /** Longer than any code with separators: not worth reading further. */
    private static final int MAX_TYPED = 64;

    private RecoveryCodes() {}

    /** A new set, as shown to the person (once). */
    public static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            codes.add(Base32.grouped(Base32.encode(RandomValues.bytes(BYTES)), 4, '-').toLowerCase(Locale.ROOT));
        }
        return codes;
    }

    /** What was typed, as the code it is (upper case, no separators); empty when it cannot be one. */
    public static Optional<String> normalise(String typed) {
        if (typed.length() > MAX_TYPED) {
            return Optional.empty();
        }
        String code = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        return code.length() == LENGTH && Base32.isEncoded(code) ? Optional.of(code) : Optional.empty();
    }

    /** What is stored of a code: the SHA-256 of its normalised form. */
    public static byte[] hash(String normalised) {
        return Hashes.sha256(normalised);
    }
}
