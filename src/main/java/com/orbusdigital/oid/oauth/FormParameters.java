package com.orbusdigital.oid.oauth;

import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.web.Excerpt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code application/x-www-form-urlencoded} request body, parsed strictly: UTF-8 only,
 * malformed percent-encoding, control characters and repeated parameters (RFC 6749 §3.1) are
 * {@code invalid_request}; a parameter without a value counts as omitted (also §3.1).
 */
public final class FormParameters {

    /** Larger than any legitimate token request; bounds the memory one request can take. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final Map<String, String> values;

    private FormParameters(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static FormParameters read(String contentType, InputStream body) {
        requireFormContentType(contentType);
        byte[] bytes;
        try {
            bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw OAuthException.invalidRequest("the request body could not be read");
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw OAuthException.invalidRequest("the request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        return parse(bytes);
    }

    static void requireFormContentType(String contentType) {
        if (contentType == null) {
            throw OAuthException.invalidRequest("Content-Type must be application/x-www-form-urlencoded");
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().equalsIgnoreCase("application/x-www-form-urlencoded")) {
            throw OAuthException.invalidRequest("Content-Type must be application/x-www-form-urlencoded");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].strip().split("=", 2);
            if (param[0].equalsIgnoreCase("charset") && param.length == 2
                    && !param[1].replace("\"", "").strip().equalsIgnoreCase("UTF-8")) {
                throw OAuthException.invalidRequest("the form must be encoded in UTF-8");
            }
        }
    }

    /** A URI's raw (still percent-encoded) query, read by the same rules as a form body; null is empty. */
    public static FormParameters fromQuery(String rawQuery) {
        return parse(rawQuery == null ? new byte[0] : rawQuery.getBytes(StandardCharsets.UTF_8));
    }

    public static FormParameters parse(byte[] body) {
        Map<String, String> values = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '&') {
                if (i > start) {
                    addPair(values, body, start, i);
                }
                start = i + 1;
            }
        }
        values.values().removeIf(String::isEmpty);
        return new FormParameters(values);
    }

    private static void addPair(Map<String, String> values, byte[] body, int start, int end) {
        int eq = start;
        while (eq < end && body[eq] != '=') {
            eq++;
        }
        String name = decode(body, start, eq);
        String value = eq < end ? decode(body, eq + 1, end) : "";
        if (name.isEmpty()) {
            throw OAuthException.invalidRequest("the form has a parameter without a name");
        }
        if (values.containsKey(name)) {
            throw OAuthException.invalidRequest("parameter '" + printable(name) + "' is repeated");
        }
        values.put(name, value);
    }

    private static String decode(byte[] body, int start, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            byte b = body[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                if (i + 2 >= end) {
                    throw OAuthException.invalidRequest("the form has a malformed percent-encoding");
                }
                int high = Character.digit(body[i + 1], 16);
                int low = Character.digit(body[i + 2], 16);
                if (high < 0 || low < 0) {
                    throw OAuthException.invalidRequest("the form has a malformed percent-encoding");
                }
                out.write((high << 4) | low);
                i += 2;
            } else {
                out.write(b);
            }
        }
        String decoded;
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw OAuthException.invalidRequest("the form is not valid UTF-8");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw OAuthException.invalidRequest("the form contains a control character");
            }
        }
        return decoded;
    }

    /** Parameter names are echoed in errors; keep them short and plain. */
    private static String printable(String name) {
        return Excerpt.of(name).replaceAll("[^\\x20-\\x7e…]", "?");
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw OAuthException.invalidRequest("parameter '" + name + "' is required");
        }
        return value;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    @Override
    public String toString() {
        // names only: values may be secrets
        return "FormParameters" + values.keySet().stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }
}
