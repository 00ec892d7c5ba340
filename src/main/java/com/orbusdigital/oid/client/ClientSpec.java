package com.orbusdigital.oid.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.admin.Fields;
import com.orbusdigital.oid.protocol.Scope;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A client as the admin API describes it, parsed and validated: every field error at once, and the
 * rules that join fields (a public client cannot hold client_credentials, a code client needs a
 * redirect URI, refresh tokens come only with the code flow).
 */
public record ClientSpec(Optional<String> clientId, Optional<String> name, Optional<ClientType> type,
                         Optional<List<String>> redirectUris, Optional<List<String>> postLogoutRedirectUris,
                         Optional<List<String>> grantTypes, Optional<List<String>> scopes, Optional<Boolean> enabled,
                         Optional<Boolean> requirePkce, Optional<Boolean> revokeRefreshTokensOnLogout,
                         Optional<Boolean> requireOfflineAccess, Optional<Boolean> requireMfa, Optional<Boolean> requirePasskey,
                         Optional<Boolean> firstParty, Optional<String> backchannelLogoutUri,
                         Optional<Boolean> backchannelLogoutSessionRequired) {

    public static final List<String> GRANT_TYPES = List.of("authorization_code", "refresh_token", "client_credentials");
    /** issue 18: the field, and what a change to it says when it removes the URI (null or ""). */
    static final String BACKCHANNEL_LOGOUT_URI = "backchannel_logout_uri";
    public static final String NO_URI = "";
    static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~:-]{0,127}");
    private static final Set<String> CREATE_FIELDS = Set.of("client_id", "name", "type", "redirect_uris",
            "post_logout_redirect_uris", "grant_types", "scopes", "enabled", "require_pkce",
            "revoke_refresh_tokens_on_logout", "require_offline_access", "require_mfa", "require_passkey", "first_party",
            BACKCHANNEL_LOGOUT_URI, "backchannel_logout_session_required");
    private static final Set<String> UPDATE_FIELDS = Set.of("name", "redirect_uris", "post_logout_redirect_uris",
            "grant_types", "scopes", "enabled", "require_pkce", "revoke_refresh_tokens_on_logout", "require_offline_access",
            "require_mfa", "require_passkey", "first_party", BACKCHANNEL_LOGOUT_URI, "backchannel_logout_session_required");

    /** A new client: name and type required; a chosen client_id must also pass {@code clientIdRule} (what is wrong, if anything). */
    public static ClientSpec forCreate(JsonNode body, Function<String, Optional<String>> clientIdRule) {
        Fields fields = new Fields(body, CREATE_FIELDS);
        Optional<String> clientId = fields.matching("client_id", false, CLIENT_ID,
                "must be 1 to 128 letters, digits or . _ ~ : -, starting with a letter or digit");
        clientId.flatMap(clientIdRule).ifPresent(problem -> fields.error("client_id", problem));
        Optional<String> name = fields.string("name", true, 200);
        Optional<ClientType> type = fields.string("type", true, 20).flatMap(value -> {
            try {
                return Optional.of(ClientType.valueOf(value.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                fields.error("type", "must be confidential or public");
                return Optional.empty();
            }
        });
        ClientSpec spec = read(fields, clientId, name, type);
        spec.checkAgainst(fields, type.orElse(ClientType.CONFIDENTIAL), List.of(), List.of());
        fields.throwIfInvalid();
        return spec;
    }

    /** Changes to an existing client; the type and client_id cannot change. */
    public static ClientSpec forUpdate(JsonNode body, Client existing) {
        Fields fields = new Fields(body, UPDATE_FIELDS);
        Optional<String> name = fields.string("name", false, 200);
        if (fields.has("name") && name.map(String::isBlank).orElse(!fields.hasError("name"))) {
            fields.error("name", "must be a non-blank string");
        }
        ClientSpec spec = read(fields, Optional.empty(), name, Optional.empty());
        spec.checkAgainst(fields, existing.type(), existing.grantTypes(), existing.redirectUris());
        fields.throwIfInvalid();
        return spec;
    }

    private static ClientSpec read(Fields fields, Optional<String> clientId, Optional<String> name, Optional<ClientType> type) {
        return new ClientSpec(clientId, name, type,
                fields.strings("redirect_uris", 20, 2000),
                fields.strings("post_logout_redirect_uris", 20, 2000),
                fields.strings("grant_types", 3, 40),
                fields.strings("scopes", 64, 128),
                fields.bool("enabled"),
                fields.bool("require_pkce"),
                fields.bool("revoke_refresh_tokens_on_logout"),
                fields.bool("require_offline_access"),
                fields.bool("require_mfa"),
                fields.bool("require_passkey"),
                fields.bool("first_party"),
                backchannelLogoutUri(fields),
                fields.bool("backchannel_logout_session_required"));
    }

    /**
     * issue 18: Back-Channel Logout 1.0 §2.2's {@code backchannel_logout_uri} — absent leaves it as
     * it is, null or "" removes it ({@link #NO_URI}); else an absolute https URI (http only on a
     * loopback host), without fragment: the rules of a confidential client's redirect URIs, so no
     * private-use scheme whatever the client's type (OID POSTs to it itself, no browser does).
     */
    private static Optional<String> backchannelLogoutUri(Fields fields) {
        Optional<String> uri = fields.string(BACKCHANNEL_LOGOUT_URI, false, 2000);
        if (fields.hasError(BACKCHANNEL_LOGOUT_URI) || !fields.has(BACKCHANNEL_LOGOUT_URI)) {
            return Optional.empty();
        }
        if (uri.filter(value -> !value.isEmpty()).isEmpty()) {
            return Optional.of(NO_URI);
        }
        RedirectUris.problem(uri.get(), ClientType.CONFIDENTIAL).ifPresent(problem -> fields.error(BACKCHANNEL_LOGOUT_URI, problem));
        return uri;
    }

    private void checkAgainst(Fields fields, ClientType clientType, List<String> currentGrants, List<String> currentRedirects) {
        redirectUris.ifPresent(uris -> checkUris(fields, "redirect_uris", uris, clientType));
        postLogoutRedirectUris.ifPresent(uris -> checkUris(fields, "post_logout_redirect_uris", uris, clientType));
        grantTypes.ifPresent(grants -> {
            for (String grant : grants) {
                if (!GRANT_TYPES.contains(grant)) {
                    fields.error("grant_types", "must contain only " + String.join(", ", GRANT_TYPES) + " (implicit and password grants do not exist here)");
                }
            }
        });
        scopes.ifPresent(values -> {
            for (int i = 0; i < values.size(); i++) {
                if (!Scope.isToken(values.get(i))) {
                    fields.error("scopes[" + i + "]", "must be a scope token: no spaces, quotes or backslashes");
                }
            }
        });
        List<String> grants = grantTypes.orElse(currentGrants);
        List<String> redirects = redirectUris.orElse(currentRedirects);
        if (clientType == ClientType.PUBLIC && grants.contains("client_credentials")) {
            fields.error("grant_types", "a public client cannot use client_credentials: it cannot keep a secret");
        }
        if (grants.contains("refresh_token") && !grants.contains("authorization_code")) {
            fields.error("grant_types", "refresh_token is only issued with authorization_code");
        }
        if (grants.contains("authorization_code") && redirects.isEmpty()) {
            fields.error("redirect_uris", "authorization_code needs at least one redirect URI");
        }
    }

    private static void checkUris(Fields fields, String field, List<String> uris, ClientType type) {
        for (int i = 0; i < uris.size(); i++) {
            int index = i;
            RedirectUris.problem(uris.get(i), type).ifPresent(problem -> fields.error(field + "[" + index + "]", problem));
        }
    }
}
