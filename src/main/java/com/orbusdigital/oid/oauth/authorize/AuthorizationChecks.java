package com.orbusdigital.oid.oauth.authorize;

import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.client.ClientType;
import com.orbusdigital.oid.client.RedirectUris;
import com.orbusdigital.oid.oauth.FormParameters;
import com.orbusdigital.oid.oauth.RedirectState;
import com.orbusdigital.oid.oauth.code.Pkce;
import com.orbusdigital.oid.protocol.ClaimsRequest;
import com.orbusdigital.oid.protocol.OAuthError;
import com.orbusdigital.oid.protocol.OAuthException;
import com.orbusdigital.oid.protocol.ResponseMode;
import com.orbusdigital.oid.protocol.Scope;
import com.orbusdigital.oid.tenant.Branding;
import com.orbusdigital.oid.web.Excerpt;
import com.orbusdigital.oid.web.page.BrowserError;
import com.orbusdigital.oid.web.page.Language;
import com.orbusdigital.oid.web.page.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The authorization endpoint's rules (RFC 6749 §4.1.1, OIDC Core §3.1.2, RFC 7636, RFC 9700), as a
 * chain of small named checks. The first two decide where errors may go: until the client and its
 * redirect URI are known, an error is a page; from then on it is redirected to the client.
 */
public final class AuthorizationChecks {

    /** The scopes OID itself understands; a client may also hold scopes of its own APIs. */
    public static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "email", "address", "phone", "offline_access");
    private static final Set<String> PROMPTS = Set.of("none", "login", "consent", "select_account");

    private final Function<String, Optional<Client>> clients;
    private final boolean requirePkceForAll;

    /**
     * @param clients           finds a client by client_id (disabled ones too: they get their own page)
     * @param requirePkceForAll OID_REQUIRE_PKCE: PKCE for confidential clients too (public clients always)
     */
    public AuthorizationChecks(Function<String, Optional<Client>> clients, boolean requirePkceForAll) {
        this.clients = clients;
        this.requirePkceForAll = requirePkceForAll;
    }

    /** The title of every page this endpoint's errors are shown on. */
    public static final Message ERROR_TITLE = Message.of("authorize.error.title");

    /** The validated request, or a {@link BrowserError} saying how to answer: a page or a redirect to the client. */
    public AuthorizationRequest check(FormParameters parameters) {
        Client client = checkClient(parameters);
        String redirectUri = checkRedirectUri(parameters, client);
        Optional<String> state = checkState(parameters);
        ResponseMode responseMode = checkResponseMode(parameters, client, redirectUri, state);
        try {
            checkRequestObjects(parameters);
            checkResponseType(parameters, client);
            Scope scope = checkScope(parameters, client);
            Optional<Pkce.Challenge> challenge = Pkce.Challenge.from(parameters.optional("code_challenge"),
                    parameters.optional("code_challenge_method"),
                    requirePkceForAll || client.requirePkce() || client.type() == ClientType.PUBLIC);
            Set<String> prompt = checkPrompt(parameters);
            Optional<Long> maxAge = checkMaxAge(parameters);
            checkLength(parameters, "nonce", 512);
            checkLength(parameters, "login_hint", 256);
            checkLength(parameters, "acr_values", 256);
            ClaimsRequest claims = parameters.optional("claims").map(ClaimsRequest::parse).orElse(ClaimsRequest.NONE);
            return new AuthorizationRequest(client, redirectUri, parameters.has("redirect_uri"), scope, state, parameters.optional("nonce"), challenge,
                    prompt, maxAge, parameters.optional("login_hint"), parameters.optional("id_token_hint"), claims,
                    acrValues(parameters, claims), responseMode);
        } catch (OAuthException e) {
            throw ofClient(BrowserError.toClient(new BrowserError.ReturnTo(redirectUri, state, responseMode, Optional.of(client.name())),
                    e.error(), e.description()), client);
        }
    }

    private Client checkClient(FormParameters parameters) {
        String clientId = parameters.optional("client_id")
                .orElseThrow(() -> page("authorize.error.no_client"));
        Client client = clients.apply(clientId).orElseThrow(() -> page("error.unknown_client"));
        if (!client.tenant().enabled()) {
            throw ofClient(page("authorize.error.tenant_disabled", client.tenant().name()), client);
        }
        if (!client.enabled()) {
            throw ofClient(page("authorize.error.client_disabled", client.name()), client);
        }
        return client;
    }

    /**
     * Exact string comparison, but for the port of a loopback IP literal (RFC 8252 §7.3, see
     * {@link RedirectUris}); optional only when the client registered exactly one. The code goes to
     * the URI as requested.
     */
    private static String checkRedirectUri(FormParameters parameters, Client client) {
        List<String> registered = client.redirectUris();
        Optional<String> given = parameters.optional("redirect_uri");
        if (given.isEmpty()) {
            if (registered.size() == 1 && RedirectUris.allows(registered, registered.get(0), client.type())) {
                return registered.get(0);
            }
            String key = registered.size() == 1 ? "authorize.error.redirect_uri_not_registered" : "authorize.error.redirect_uri_missing";
            throw ofClient(page(key), client).refusingAnAddress();
        }
        if (!RedirectUris.allows(registered, given.get(), client.type())) {
            throw ofClient(page("authorize.error.redirect_uri_not_registered"), client).refusingAnAddress();
        }
        return given.get();
    }

    /**
     * The state goes back in the redirect's Location header, so it must fit there: a longer one is a
     * page (it cannot be echoed, and a redirect without it would fail the client's own check).
     */
    private static Optional<String> checkState(FormParameters parameters) {
        Optional<String> state = parameters.optional("state");
        if (state.filter(value -> !RedirectState.fits(value)).isPresent()) {
            throw page("authorize.error.state_too_long", String.valueOf(RedirectState.MAX_BYTES));
        }
        return state;
    }

    /**
     * Issue 18: query (the default of response_type=code) or form_post. Checked first once the
     * redirect URI is, so that every later error goes back in the mode asked for; a mode OID does
     * not have (fragment: no implicit flow here) is refused in the query, which every client reads.
     */
    private static ResponseMode checkResponseMode(FormParameters parameters, Client client, String redirectUri, Optional<String> state) {
        Optional<String> asked = parameters.optional("response_mode");
        if (asked.isEmpty()) {
            // only in a request object, which is refused below: its request_not_supported goes back as it asks, if OID can
            return parameters.optional("request").flatMap(object -> UnreadRequestObject.claim(object, "response_mode"))
                    .flatMap(ResponseMode::of).orElse(ResponseMode.QUERY);
        }
        return ResponseMode.of(asked.get()).orElseThrow(() -> ofClient(BrowserError.toClient(
                new BrowserError.ReturnTo(redirectUri, state, ResponseMode.QUERY, Optional.of(client.name())), OAuthError.INVALID_REQUEST,
                "response_mode '" + Excerpt.of(asked.get()) + "' is not supported: use query or form_post"), client));
    }

    private static void checkRequestObjects(FormParameters parameters) {
        if (parameters.has("request")) {
            throw OAuthException.of(OAuthError.REQUEST_NOT_SUPPORTED, "request objects are not supported");
        }
        if (parameters.has("request_uri")) {
            throw OAuthException.of(OAuthError.REQUEST_URI_NOT_SUPPORTED, "request_uri is not supported");
        }
    }

    private static void checkResponseType(FormParameters parameters, Client client) {
        String responseType = parameters.required("response_type");
        if (!responseType.equals("code")) {
            throw OAuthException.of(OAuthError.UNSUPPORTED_RESPONSE_TYPE,
                    "only response_type=code is supported");
        }
        if (!client.allowsGrant("authorization_code")) {
            throw OAuthException.of(OAuthError.UNAUTHORIZED_CLIENT,
                    "this client may not use the authorization code flow");
        }
    }

    /** Standard OIDC scopes and the client's own; anything else is refused rather than silently dropped. */
    private static Scope checkScope(FormParameters parameters, Client client) {
        Scope scope = Scope.parse(parameters.required("scope"));
        for (String value : scope.values()) {
            if (!OIDC_SCOPES.contains(value) && !client.scopes().contains(value)) {
                throw OAuthException.of(OAuthError.INVALID_SCOPE,
                        "scope '" + value + "' is not allowed for this client");
            }
        }
        if (scope.contains("offline_access") && !client.allowsGrant("refresh_token")) {
            throw OAuthException.of(OAuthError.INVALID_SCOPE,
                    "offline_access needs a client allowed the refresh_token grant");
        }
        return scope;
    }

    private static Set<String> checkPrompt(FormParameters parameters) {
        Set<String> prompt = new LinkedHashSet<>();
        parameters.optional("prompt").ifPresent(value -> prompt.addAll(Arrays.asList(value.split(" "))));
        prompt.remove("");
        for (String value : prompt) {
            if (!PROMPTS.contains(value)) {
                throw OAuthException.invalidRequest("prompt '" + Excerpt.of(value) + "' is not supported");
            }
        }
        if (prompt.contains("none") && prompt.size() > 1) {
            throw OAuthException.invalidRequest("prompt=none cannot be combined with other values");
        }
        return Set.copyOf(prompt);
    }

    private static Optional<Long> checkMaxAge(FormParameters parameters) {
        return parameters.optional("max_age").map(value -> {
            try {
                long maxAge = Long.parseLong(value);
                if (maxAge >= 0) {
                    return maxAge;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw OAuthException.invalidRequest("max_age must be a non-negative number of seconds");
        });
    }

    /**
     * The acr values the request prefers, in order: those of a claims request for {@code acr}
     * (OIDC Core §5.5.1.1), then those of {@code acr_values} (§3.1.2.1).
     */
    static List<String> acrValues(FormParameters parameters, ClaimsRequest claims) {
        List<String> values = new ArrayList<>();
        ClaimsRequest.Requested acr = claims.idToken().get("acr");
        if (acr != null) {
            acr.values().stream().filter(String.class::isInstance).map(String.class::cast).forEach(values::add);
        }
        parameters.optional("acr_values").ifPresent(text -> Arrays.stream(text.trim().split(" +"))
                .filter(value -> !value.isEmpty() && !values.contains(value)).forEach(values::add));
        return List.copyOf(values);
    }

    private static void checkLength(FormParameters parameters, String name, int max) {
        if (parameters.optional(name).map(value -> value.length() > max).orElse(false)) {
            throw OAuthException.invalidRequest(name + " is longer than " + max + " characters");
        }
    }

    /** The language the client's tenant prefers, for the pages of its sign-ins. */
    public static Optional<Language> tenantLanguage(Client client) {
        return client.tenant().defaultLanguage().flatMap(Language::of);
    }

    /**
     * A page of a request whose client OID knows: in its tenant's default language and, issue 17's
     * branding, its tenant's look. A client_id OID does not know names no tenant, and its page stays OID's.
     */
    public static BrowserError ofClient(BrowserError page, Client client) {
        return page.inLanguageOf(tenantLanguage(client)).inLookOf(Branding.page(client.tenant()));
    }

    private static BrowserError page(String key, Object... arguments) {
        return BrowserError.page(ERROR_TITLE, Message.of(key, arguments));
    }
}
