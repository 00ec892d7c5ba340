package com.orbusdigital.oid.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the sign-in tests read from OID's answers: form fields, raw Set-Cookie headers, ID token claims. */
public final class Responses {

    private static final Pattern ATTRIBUTE = Pattern.compile("([a-z-]+)(?:=\"([^\"]*)\")?", Pattern.CASE_INSENSITIVE);

    private Responses() {}

    /** The attributes of the {@code <input>} with this id, as written (values still HTML-escaped); fails when there is none. */
    public static Map<String, String> input(String html, String id) {
        Matcher tag = Pattern.compile("<input\\b[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html);
        if (!tag.find()) {
            throw new AssertionError("no input #" + id + " in: " + html);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher attribute = ATTRIBUTE.matcher(tag.group().substring("<input".length(), tag.group().length() - 1));
        while (attribute.find()) {
            attributes.put(attribute.group(1).toLowerCase(), attribute.group(2) == null ? "" : attribute.group(2));
        }
        return attributes;
    }

    /** The raw Set-Cookie header for this cookie name, if the response sets it. */
    public static Optional<String> setCookie(Http.Response response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(header -> header.startsWith(name + "=")).findFirst();
    }

    /** The value part of a raw Set-Cookie header ({@code name=value; …} → value). */
    public static String cookieValue(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        return pair.substring(pair.indexOf('=') + 1);
    }

    /** The attributes of a raw Set-Cookie header, without the name=value pair, trimmed. */
    public static List<String> cookieAttributes(String setCookie) {
        String[] parts = setCookie.split(";");
        return java.util.Arrays.stream(parts, 1, parts.length).map(String::trim).toList();
    }

    /** The claims of the ID token of a token response (its signature is CodeFlowIT's concern). */
    public static JWTClaimsSet idToken(JsonNode tokens) {
        try {
            return SignedJWT.parse(tokens.path("id_token").asText()).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new AssertionError("not an ID token: " + tokens, e);
        }
    }

    /** Exchanges the code a redirect carries, after checking state and iss; answers the token response. */
    public static JsonNode exchange(SignInScenario scenario, Http.Response redirect, Map<String, String> request, SignInScenario.Pkce pkce) {
        Http.Response tokens = scenario.exchange(scenario.code(redirect, request), pkce);
        if (tokens.status() != 200) {
            throw new AssertionError("token exchange failed: " + tokens.status() + " " + tokens.body());
        }
        return tokens.json();
    }

    /** A second user of the scenario's tenant, with the scenario's password; answers its username and id. */
    public static Map.Entry<String, String> secondUser(SignInScenario scenario) {
        String username = "grace-" + UUID.randomUUID().toString().substring(0, 6);
        AdminClient admin = scenario.admin;
        Http.Response created = admin.post("admin/tenants/" + scenario.tenant + "/users", "{\"username\":\"" + username
                + "\",\"email\":\"" + username + "@example.com\",\"name\":\"Grace Hopper\",\"password\":\""
                + SignInScenario.PASSWORD + "\"}");
        if (created.status() != 201) {
            throw new AssertionError("second user not created: " + created.status() + " " + created.body());
        }
        return Map.entry(username, created.json().path("id").asText());
    }

    /** A whole sign-in of any user of the scenario's tenant in this agent: authorize, log in, exchange. */
    public static JsonNode signedInAs(SignInScenario scenario, UserAgent agent, String username) {
        SignInScenario.Pkce pkce = SignInScenario.Pkce.create();
        Map<String, String> request = scenario.authorizationRequest(pkce);
        Http.Response page = agent.get(scenario.authorizeUri(request));
        if (page.status() != 200) {
            throw new AssertionError("expected the login page: " + page.status() + " " + page.body());
        }
        Http.Response redirect = agent.submit(page, Map.of("username", username, "password", SignInScenario.PASSWORD));
        return exchange(scenario, redirect, request, pkce);
    }
}
