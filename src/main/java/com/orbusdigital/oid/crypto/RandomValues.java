package com.orbusdigital.oid.crypto;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable values: secrets, token identifiers, codes. */
public final class RandomValues {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private RandomValues() {}

    public static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** {@code bytes} random bytes as unpadded base64url: 32 bytes give 256 bits in 43 characters. */
    public static String base64url(int bytes) {
        return BASE64URL.encodeToString(bytes(bytes));
    }
}
