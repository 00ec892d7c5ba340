package com.orbusdigital.oid.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.UserAgent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo client's redirect URI, served by the local run only: where the browser lands after
 * signing in. It does what the application behind a redirect URI does — checks state, exchanges
 * the code with the PKCE verifier it knows, calls userinfo — and shows the result: the ID token's
 * and the access token's claims, decoded (not verified: the page is for reading), the userinfo
 * answer, and the curl commands that do the same by hand.
 */
final class DemoCallback implements AutoCloseable {

    static final String PATH = "/callback";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the demo's authorization request carried, and so what its answer must match. */
    record Client(String issuer, String clientId, String redirectUri, String state, String codeVerifier, String authorizationUrl) {}

    private final HttpServer server;
    private volatile Client client;

    private DemoCallback(HttpServer server) {
        this.server = server;
    }

    /**
     * Listens on 127.0.0.1 at {@code preferredPort}, or at any free port when that one is taken;
     * {@link #redirectUri()} says which. Answers only once {@link #serve} said for which client.
     */
    static DemoCallback listen(int preferredPort) {
        HttpServer server;
        try {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), preferredPort), 0);
            } catch (BindException taken) {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DemoCallback callback = new DemoCallback(server);
        server.createContext(PATH, callback::handle);
        server.start();
        return callback;
    }

    /** {@code http://localhost:<port>/callback}: a loopback redirect URI, allowed over plain http. */
    String redirectUri() {
        return "http://localhost:" + server.getAddress().getPort() + PATH;
    }

    void serve(Client client) {
        this.client = client;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String html = client == null ? page("Not ready", "<p>OID is still starting; try again in a moment.</p>")
                    : answer(client, UserAgent.query(exchange.getRequestURI().getRawQuery()));
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    /** The page for the browser's arrival with these query parameters. */
    static String answer(Client client, Map<String, String> query) {
        if (query.containsKey("error")) {
            return page("Sign-in refused", "<p>OID answered <code>" + escape(query.get("error")) + "</code>: "
                    + escape(query.getOrDefault("error_description", "")) + "</p>" + again(client));
        }
        String code = query.get("code");
        if (code == null || !client.state().equals(query.get("state")) || !client.issuer().equals(query.get("iss"))) {
            return page("Not the demo's answer", "<p>This address expects the answer to the demo's own authorization request "
                    + "(its <code>code</code>, <code>state</code> and <code>iss</code>).</p>" + again(client));
        }
        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("client_id", client.clientId());
        exchange.put("redirect_uri", client.redirectUri());
        exchange.put("code_verifier", client.codeVerifier());
        exchange.put("code", code);
        Http.Response tokens = Http.postForm(URI.create(client.issuer() + "/token"), UserAgent.encode(exchange));
        if (tokens.status() != 200) {
            return page("The code exchange failed", "<p>POST /token answered " + tokens.status() + ":</p><pre>"
                    + escape(tokens.body()) + "</pre><p>A code works once and for 60 seconds.</p>" + again(client));
        }
        JsonNode answer = tokens.json();
        String accessToken = answer.path("access_token").asText();
        Http.Response userinfo = Http.get(URI.create(client.issuer() + "/userinfo"), "Authorization", "Bearer " + accessToken);
        JsonNode idToken = claims(answer.path("id_token").asText());
        // the profile's claims are userinfo's (OIDC Core §5.4): the ID token says who, by id
        String name = userinfo.status() == 200 ? userinfo.json().path("preferred_username").asText("") : "";
        return page("Signed in as " + (name.isEmpty() ? idToken.path("sub").asText() : name),
                "<h2>ID token</h2><pre>" + escape(pretty(idToken)) + "</pre>"
                + "<h2>Access token</h2><pre>" + escape(pretty(claims(accessToken))) + "</pre>"
                + "<h2>Userinfo</h2><p><code>GET /userinfo</code> answered " + userinfo.status() + ":</p><pre>"
                + escape(userinfo.status() == 200 ? pretty(userinfo.json()) : userinfo.body()) + "</pre>"
                + "<h2>By hand</h2><p>The code exchange this page made (a code works only once: sign in again for a new one), "
                + "then userinfo and a refresh:</p><pre>" + escape(curls(client, code, answer)) + "</pre>" + again(client));
    }

    private static String curls(Client client, String code, JsonNode tokens) {
        String curls = "curl -s -d grant_type=authorization_code -d client_id=" + client.clientId()
                + " -d redirect_uri=" + client.redirectUri() + " \\\n     -d code_verifier=" + client.codeVerifier()
                + " -d code=" + code + " " + client.issuer() + "/token\n\n"
                + "curl -s -H 'Authorization: Bearer " + tokens.path("access_token").asText() + "' " + client.issuer() + "/userinfo\n";
        if (tokens.hasNonNull("refresh_token")) {
            curls += "\ncurl -s -d grant_type=refresh_token -d client_id=" + client.clientId() + " -d refresh_token="
                    + tokens.path("refresh_token").asText() + " " + client.issuer() + "/token\n";
        }
        return curls;
    }

    private static String again(Client client) {
        return "<p><a href=\"" + escape(client.authorizationUrl()) + "\">Sign in again</a> · <a href=\""
                + escape(client.issuer() + "/logout?client_id=" + client.clientId()) + "\">Sign out of OID</a></p>";
    }

    /** A JWT's payload as JSON: decoded only, for reading (the token endpoint just gave it over TLS or loopback). */
    static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return JSON.createObjectNode().put("error", "not a JWT");
        }
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            return JSON.createObjectNode().put("error", "unreadable payload");
        }
    }

    private static String pretty(JsonNode json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String page(String title, String body) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + " · OID demo</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
                + "pre{background:#f4f4f4;padding:1rem;white-space:pre-wrap;word-break:break-all}</style></head>"
                + "<body><h1>" + escape(title) + "</h1>" + body + "</body></html>";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
