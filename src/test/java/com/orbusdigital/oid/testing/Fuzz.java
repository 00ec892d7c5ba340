package com.orbusdigital.oid.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Seeded generators of hostile input for the fuzz tests: the same seed gives the same values, so a
 * failure is reproduced by running again with the seed it reports. Values come half from a corpus
 * of known-nasty strings, half from random text of every kind (ASCII, any Unicode plane, control
 * characters, very long). "Raw" values are byte strings held as ISO-8859-1 text, one char per byte,
 * for what must reach the server exactly as written (percent-encoding gone wrong, invalid UTF-8).
 */
public final class Fuzz {

    /** Plain strings that have broken parsers, queries, pages or redirects elsewhere; no control characters. */
    static final List<String> CORPUS = List.of(
            "", " ", "  ", "null", "undefined", "true", "0", "-1", "[]", "{}", "{\"a\":1}", "NaN", "1e309",
            "99999999999999999999999", "' OR '1'='1", "\"; DROP TABLE users; --", "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>", "../../../../etc/passwd", "..\\..\\windows", "${jndi:ldap://127.0.0.1/a}",
            "#{7*7}", "{{7*7}}", "%00", "%25", "%", "+", "&", "=", "?", "#", ";", "https://evil.example/",
            "javascript:alert(1)", "//evil.example", "https://app.example/callback#frag", "https://app.example/callback?x=1",
            "https://app.example/callback/", "HTTPS://APP.EXAMPLE/CALLBACK", "https://app.example/callback ",
            "http://[::1]:0/", "openid", "openid openid", "openid  profile", "code", "code token", "id_token", "S256",
            "plain", "none", "login", "none login", "consent", "\u202egnp.exe", "\ufeff", "\u00a0", "\u2028", "\u0085",
            "\ufffd", "\uffff", "\u00ff\u00fe", "Ω≈ç√∫", "😀", "👩‍👩‍👧‍👦", "ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ", "מִבְחָן", "تجربة",
            "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗̻̟", "admin", "root", "*", "%2e%2e%2f", "a".repeat(2049), "0".repeat(400));

    /** Control characters: refused in every form value, and never to be echoed into a header or redirect. */
    static final List<String> CONTROLS = List.of(
            "\u0000", "\u0001", "\t", "\n", "\r", "\r\n", "\u000b", "\u000c", "\u001b[31m", "\u001f", "\u007f",
            "\r\nX-Injected: 1", "\r\n\r\n<html>");

    /** Raw bytes that make a percent-encoded value malformed, not UTF-8, or a control character once decoded. */
    static final List<String> BAD_ENCODINGS = List.of(
            "%", "%4", "%G0", "%%", "%-1", "%C3%28", "%FF", "%FE%FF", "%ED%A0%80", "%C0%80", "%C0%AF", "%F8%88%80%80%80",
            "%E2%82", "%F0%9F%98", "\u00ff", "\u00c3", "\u00c3\u0028", "\u0080", "%00", "%0A", "%0D%0A", "%1F",
            "%7F", "%09", "\u0001", "\t", "\n", "\u0000");

    /** Raw bytes that are fine in a form: escapes of ordinary characters. */
    static final List<String> GOOD_ENCODINGS = List.of(
            "+", "%20", "%2B", "%2b", "%E2%82%AC", "%F0%9F%98%80", "%26", "%3D", "~", "%7E", "%41", "%C3%A9", "%EF%BF%BD");

    private final Random random;

    public Fuzz(long seed) {
        this.random = new Random(seed);
    }

    /** A number from {@code min} to {@code max}, both included. */
    public int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    public boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    @SafeVarargs
    public final <T> T pick(T... items) {
        return items[random.nextInt(items.length)];
    }

    /** Any text, control characters included. */
    public String text() {
        return switch (between(0, 9)) {
            case 0, 1, 2 -> pick(CORPUS);
            case 3 -> ascii(between(0, 40));
            case 4 -> unicode(between(1, 24));
            case 5 -> withControl(pick(ascii(between(0, 12)), pick(CORPUS)));
            case 6 -> pick("a", "%", "é", "😀", "<", "&amp;", " ").repeat(between(300, 5000));
            case 7 -> base64url(between(0, 120));
            case 8 -> pick(CORPUS) + unicode(between(1, 4)) + ascii(between(0, 8));
            default -> pick("-1", "0", "1", "1e309", "NaN", "99999999999999999999", "0x10", "-0", "1.5", "٣");
        };
    }

    /** Text without control characters, as a header value may carry. */
    public String printable() {
        StringBuilder text = new StringBuilder();
        text().codePoints().filter(c -> c >= 0x20 && c != 0x7f).forEach(text::appendCodePoint);
        return text.toString();
    }

    public String ascii(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) between(0x20, 0x7e));
        }
        return text.toString();
    }

    /** Code points from every plane that matters: Latin, RTL, CJK, combining marks, emoji, specials, private use. */
    public String unicode(int length) {
        int[][] ranges = {{0xa0, 0xff}, {0x300, 0x36f}, {0x391, 0x3c9}, {0x5d0, 0x5ea}, {0x600, 0x6ff}, {0x200b, 0x206f},
                {0x4e00, 0x4f00}, {0xe000, 0xe0ff}, {0xfff0, 0xffff}, {0x1f300, 0x1f64f}, {0x10fff0, 0x10ffff}};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int[] range = ranges[random.nextInt(ranges.length)];
            text.appendCodePoint(between(range[0], range[1]));
        }
        return text.toString();
    }

    public String withControl(String text) {
        int at = between(0, text.length());
        // never between the halves of a surrogate pair
        if (at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at))) {
            at--;
        }
        return text.substring(0, at) + pick(CONTROLS) + text.substring(at);
    }

    public String base64url(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return encoded.substring(0, Math.min(length, encoded.length()));
    }

    public byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A raw fragment for a form or query: mostly malformed, sometimes a harmless escape. */
    public String rawFragment() {
        return chance(75) ? pick(BAD_ENCODINGS) : pick(GOOD_ENCODINGS);
    }

    /** A percent-encoded control character: harmless until something decodes it and passes it on. */
    public String encodedControl() {
        return pick("%00", "%01", "%09", "%0A", "%0D", "%0D%0A", "%1B", "%1F", "%7F");
    }

    /** A raw fragment that is still printable ASCII (a malformed or odd escape), for places where a raw byte would break HTTP itself. */
    public String rawEscape() {
        String fragment;
        do {
            fragment = rawFragment();
        } while (!fragment.chars().allMatch(c -> c > 0x20 && c < 0x7f));
        return fragment;
    }

    /** Something shaped like a token: a JWS or JWE with odd headers and claims, or opaque junk. */
    public String token() {
        return switch (between(0, 5)) {
            case 0 -> text();
            case 1 -> base64url(43);
            case 2 -> base64url(between(0, 4000));
            case 3 -> String.join(".", base64url(between(0, 40)), base64url(between(0, 40)), base64url(between(0, 40)),
                    base64url(between(0, 40)), base64url(between(0, 40)));
            default -> b64(pick("{\"alg\":\"none\"}", "{\"alg\":\"none\",\"typ\":\"at+jwt\"}", "{\"alg\":\"RS256\"}",
                    "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + ascii(between(0, 20)).replace("\"", "").replace("\\", "") + "\"}",
                    "{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}", "{\"alg\":\"RS256\",\"jku\":\"https://evil.example/jwks\"}",
                    "{\"alg\":\"RS256\",\"crit\":[\"exp\"]}", "{\"alg\":\"RS256\",\"zip\":\"DEF\"}", "{\"alg\":\"ES256\"}",
                    "{\"alg\":\"RS256\",\"jwk\":{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}}", "{", "[]", "null", "\"x\"",
                    "[".repeat(5000)))
                    + "." + b64(pick("{}", "{\"exp\":\"x\"}", "{\"iss\":1}", "{\"aud\":[{}]}", "{\"sub\":null}",
                    "{\"exp\":1e400,\"iat\":-1}", "{\"scope\":[\"openid\"],\"tenant_id\":\"x\"}", "{\"roles\":\"oid-admin\"}",
                    "[".repeat(3000), text()))
                    + "." + base64url(between(0, 342));
        };
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
