package com.orbusdigital.oid.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant with one user and one code-flow client, made through the admin API, and the steps of
 * signing that user in: authorize, the login form, the code exchange. Each test class makes its
 * own, so tests never share users, sessions or tokens.
 */
public final class SignInScenario {

    public static final String PASSWORD = "violet tractor mango lighthouse";
    public static final String SCOPE = "openid profile email offline_access";

    public final URI base;
    public final String issuer;
    public final AdminClient admin;
    public final String tenant;
    public final String tenantId;
    public final String userId;
    public final String username;
    public final String clientId;
    /** null for a public client */
    public final String clientSecret;
    public final String redirectUri;

    private SignInScenario(URI base, String issuer, AdminClient admin, String tenant, String tenantId, String userId,
                           String username, String clientId, String clientSecret, String redirectUri) {
        this.base = base;
        this.issuer = issuer;
        this.admin = admin;
        this.tenant = tenant;
        this.tenantId = tenantId;
        this.userId = userId;
        this.username = username;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
    }

    /**
     * @param type        "public" or "confidential"
     * @param clientExtra more JSON members for the client, e.g. {@code ,"revoke_refresh_tokens_on_logout":true}
     */
    public static SignInScenario create(URI base, String issuer, String redirectUri, String type, String clientExtra) {
        AdminClient admin = AdminClient.platformAdmin(base);
        String tenant = admin.createTenant("signin");
        String tenantId = admin.get("admin/tenants/" + tenant).json().path("id").asText();
        String username = "ada-" + UUID.randomUUID().toString().substring(0, 6);
        Http.Response user = admin.post("admin/tenants/" + tenant + "/users", "{\"username\":\"" + username
                + "\",\"email\":\"" + username + "@example.com\",\"name\":\"Ada Lovelace\",\"password\":\"" + PASSWORD + "\"}");
        require(user, 201);
        admin.post("admin/tenants/" + tenant + "/roles", "{\"name\":\"editor\"}");
        String userId = user.json().path("id").asText();
        require(admin.put("admin/tenants/" + tenant + "/users/" + userId + "/roles/editor"), 204);
        Http.Response client = admin.post("admin/tenants/" + tenant + "/clients", "{\"name\":\"Billing Portal\",\"type\":\"" + type
                + "\",\"redirect_uris\":[\"" + redirectUri + "\"],\"post_logout_redirect_uris\":[\"" + redirectUri + "/signed-out\"]"
                + ",\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"scopes\":[\"docs:read\"]" + clientExtra + "}");
        require(client, 201);
        JsonNode created = client.json();
        return new SignInScenario(base, issuer, admin, tenant, tenantId, userId, username, created.path("client_id").asText(),
                created.path("client_secret").isMissingNode() ? null : created.path("client_secret").asText(), redirectUri);
    }

    private static void require(Http.Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + ": " + response.status() + " " + response.body());
        }
    }

    /** A PKCE pair (RFC 7636 §4.1, §4.2). */
    public record Pkce(String verifier, String challenge) {
        public static Pkce create() {
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(UUID.randomUUID().toString()
                    .concat(UUID.randomUUID().toString()).getBytes(StandardCharsets.US_ASCII));
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A complete, valid authorization request; tests change or drop single parameters. */
    public Map<String, String> authorizationRequest(Pkce pkce) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", clientId);
        parameters.put("redirect_uri", redirectUri);
        parameters.put("scope", SCOPE);
        parameters.put("state", "state-" + UUID.randomUUID());
        parameters.put("nonce", "nonce-" + UUID.randomUUID());
        parameters.put("code_challenge", pkce.challenge());
        parameters.put("code_challenge_method", "S256");
        return parameters;
    }

    public URI authorizeUri(Map<String, String> parameters) {
        return URI.create(issuer + "/authorize?" + UserAgent.encode(parameters));
    }

    /** Authorize, then fill in the login form: answers OID's response to the form (a 303 to the client when it worked). */
    public Http.Response signIn(UserAgent agent, Map<String, String> parameters, String password) {
        Http.Response page = agent.get(authorizeUri(parameters));
        if (page.status() != 200) {
            throw new AssertionError("expected the login page: " + page.status() + " " + page.headers().map() + " " + page.body());
        }
        return agent.submit(page, Map.of("username", username, "password", password));
    }

    /** The code of a successful sign-in, after checking state and iss came back. */
    public String code(Http.Response redirect, Map<String, String> request) {
        if (redirect.status() != 303 && redirect.status() != 302) {
            throw new AssertionError("expected a redirect to the client: " + redirect.status() + " " + redirect.body());
        }
        Map<String, String> answer = UserAgent.redirectParameters(redirect);
        if (!request.get("state").equals(answer.get("state")) || !issuer.equals(answer.get("iss")) || answer.get("code") == null) {
            throw new AssertionError("unexpected redirect " + redirect.header("Location"));
        }
        return answer.get("code");
    }

    /** POST /token, authenticated as this client (HTTP Basic for a confidential one, client_id for a public one). */
    public Http.Response token(Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (clientSecret == null) {
            fields.put("client_id", clientId);
            return Http.postForm(URI.create(issuer + "/token"), UserAgent.encode(fields));
        }
        return Http.postForm(URI.create(issuer + "/token"), UserAgent.encode(fields), "Authorization", Http.basic(clientId, clientSecret));
    }

    public Http.Response exchange(String code, Pkce pkce) {
        return token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
                "code_verifier", pkce.verifier()));
    }

    public Http.Response refresh(String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    /** The tokens of a whole sign-in: authorize, log in, exchange. */
    public JsonNode signedIn(UserAgent agent) {
        Pkce pkce = Pkce.create();
        Map<String, String> request = authorizationRequest(pkce);
        Http.Response tokens = exchange(code(signIn(agent, request, PASSWORD), request), pkce);
        if (tokens.status() != 200) {
            throw new AssertionError("token exchange failed: " + tokens.status() + " " + tokens.body());
        }
        return tokens.json();
    }
}
