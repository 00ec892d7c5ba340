package com.orbusdigital.oid.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 written byte by byte over a socket, for requests no well-behaved client sends: raw bytes
 * in the request target, invalid UTF-8 in a body, repeated or malformed headers, a Content-Type
 * that lies. One request per connection ({@code Connection: close}).
 */
public final class RawHttp {

    private RawHttp() {}

    public record Response(int status, Map<String, List<String>> headers, byte[] body) {

        /** The first value of a header, by case-insensitive name. */
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).map(values -> values.get(0));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A request to send: method and target as raw bytes, headers as given (Host, Connection and Content-Length are added). */
    public record Request(String method, byte[] target, List<String[]> headers, byte[] body) {

        public static Request of(String method, String target) {
            return new Request(method, target.getBytes(StandardCharsets.ISO_8859_1), List.of(), null);
        }

        public Request withHeader(String name, String value) {
            List<String[]> more = new ArrayList<>(headers);
            more.add(new String[] {name, value});
            return new Request(method, target, List.copyOf(more), body);
        }

        public Request withBody(byte[] content) {
            return new Request(method, target, headers, content);
        }

        /** For failure messages: the request as text, long parts cut. */
        public String describe() {
            StringBuilder text = new StringBuilder(method).append(' ').append(cut(new String(target, StandardCharsets.ISO_8859_1)));
            for (String[] header : headers) {
                String value = header[1].length() > 100 ? header[1].substring(0, 100) + "…(" + header[1].length() + ")" : header[1];
                text.append(" | ").append(header[0]).append(": ").append(value);
            }
            if (body != null) {
                text.append(" | body(").append(body.length).append("): ").append(cut(new String(body, StandardCharsets.ISO_8859_1)));
            }
            return text.toString().replaceAll("[\\x00-\\x1f\\x7f]", "·");
        }

        private static String cut(String value) {
            return value.length() > 300 ? value.substring(0, 300) + "…(" + value.length() + ")" : value;
        }
    }

    public static Response send(int port, Request request) {
        return send(port, wire(port, request), request.describe());
    }

    /** The request as written on the wire, with Host, Connection: close and (for a body) Content-Length. */
    private static byte[] wire(int port, Request request) {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(request.method().getBytes(StandardCharsets.ISO_8859_1));
        wire.write(' ');
        wire.writeBytes(request.target());
        wire.writeBytes(" HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
        header(wire, "Host", "127.0.0.1:" + port);
        header(wire, "Connection", "close");
        for (String[] h : request.headers()) {
            header(wire, h[0], h[1]);
        }
        if (request.body() != null) {
            header(wire, "Content-Length", Integer.toString(request.body().length));
        }
        wire.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (request.body() != null) {
            wire.writeBytes(request.body());
        }
        return wire.toByteArray();
    }

    /** Exactly these bytes, however broken; the server must still answer. */
    public static Response send(int port, byte[] wire, String description) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(wire);
            out.flush();
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to " + description, e);
        }
    }

    /**
     * Sends the request and hangs up at once with a reset, as a client that gives up does: the reset
     * is there before Tomcat writes the first byte of the answer, so that write fails. (A client
     * reading the first bytes before hanging up, as {@code curl … | head}, fails the same write
     * later; but over loopback Tomcat may hand a whole answer of tens of KB to the kernel first.)
     */
    public static void hangUp(int port, Request request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.getOutputStream().write(wire(port, request));
            socket.getOutputStream().flush();
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not hang up on " + request.describe(), e);
        }
    }

    private static void header(ByteArrayOutputStream wire, String name, String value) {
        // ISO-8859-1: the test decides every byte, even ones a header must not contain
        wire.writeBytes((name + ": " + value + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // the server may reset the connection after answering a request it refused to read in full
            if (all.size() == 0) {
                throw reset;
            }
        }
        return all.toByteArray();
    }

    /** The status of an answer without a status line: the server took the request for HTTP/0.9 (a request line without a version). */
    public static final int HTTP_09 = 0;
    /** The status when the server closed the connection without answering. */
    public static final int NO_ANSWER = -1;

    private static Response parse(byte[] raw) {
        if (raw.length == 0) {
            return new Response(NO_ANSWER, Map.of(), raw);
        }
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (!new String(raw, 0, Math.min(5, raw.length), StandardCharsets.ISO_8859_1).equals("HTTP/") || end < 0) {
            return new Response(HTTP_09, Map.of(), raw);
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(Arrays.copyOfRange(chunked, at, chunked.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(chunked, at, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int size = Integer.parseInt(sizeLine, 16);
            at += lineEnd + 2;
            if (size == 0) {
                break;
            }
            body.write(chunked, at, Math.min(size, chunked.length - at));
            at += size + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
