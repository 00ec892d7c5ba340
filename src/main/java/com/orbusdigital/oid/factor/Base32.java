package com.orbusdigital.oid.factor;

/**
 * RFC 4648 base32 without padding: the form authenticator apps read a secret in, and the one recovery
 * codes are written in (letters and the digits 2 to 7, case-insensitive when typed back).
 */
public final class Base32 {

    public static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Base32() {}

    public static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    /** Whether every character of {@code text} is of the (upper-case) alphabet. */
    public static boolean isEncoded(String text) {
        return text.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
    }

    /** {@code text} in groups of {@code size} separated by {@code separator}, for people to read. */
    public static String grouped(String text, int size, char separator) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i += size) {
            if (i > 0) {
                out.append(separator);
            }
            out.append(text, i, Math.min(text.length(), i + size));
        }
        return out.toString();
    }
}
