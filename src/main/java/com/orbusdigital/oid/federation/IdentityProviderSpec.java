package com.orbusdigital.oid.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.admin.Fields;
import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.config.Secret;
import com.orbusdigital.oid.protocol.Scope;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * An upstream provider as the admin API describes it, parsed and validated: every field error at
 * once (400; a well-formed role mapping naming a role the tenant lacks: 422), and the rules that join fields checked against the settings the change leads to — the
 * three endpoints without discovery, a secret exactly with client_secret_basic or _post. A PATCH
 * starts from the current settings: what it leaves out stays, an endpoint or {@code claims.roles} set
 * to null is cleared, and a secret not sent is kept while the method still uses one.
 *
 * @param secret a new client secret, in clear until the service seals it
 */
public record IdentityProviderSpec(ProviderSettings settings, Optional<Secret> secret) {

    static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    static final Set<String> FIELDS = Set.of("alias", "display_name", "enabled", "issuer", "discovery", "authorization_endpoint",
            "token_endpoint", "userinfo_endpoint", "jwks_uri", "client_id", "client_auth", "client_secret", "scopes", "claims",
            "role_mappings", "create_users", "link_by_email", "required", "trust_mfa", "domains");
    static final Set<String> CLAIM_FIELDS = Set.of("username", "email", "name", "roles");
    static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "profile");
    static final ProviderSettings.Claims DEFAULT_CLAIMS = new ProviderSettings.Claims("preferred_username", "email", "name", Optional.empty());
    private static final List<String> ENDPOINTS = List.of("authorization_endpoint", "token_endpoint", "jwks_uri");
    private static final int MAX_NAME = 256;
    private static final int MAX_MAPPINGS = 100;
    private static final int MAX_ROLES_PER_VALUE = 50;

    /** A new provider: alias, display_name, issuer and client_id required; the rest has safe defaults. */
    public static IdentityProviderSpec forCreate(JsonNode body, Predicate<String> roleExists) {
        ProviderSettings defaults = new ProviderSettings(null, null, true, null, true, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), null, ClientAuth.CLIENT_SECRET_BASIC, DEFAULT_SCOPES, DEFAULT_CLAIMS,
                new TreeMap<>(), true, false, false, false, List.of());
        return read(body, defaults, true, false, roleExists);
    }

    /** The changes of a PATCH to a provider whose settings are {@code current}; {@code secretStored}: it holds a secret now. */
    public static IdentityProviderSpec forUpdate(JsonNode body, ProviderSettings current, boolean secretStored, Predicate<String> roleExists) {
        return read(body, current, false, secretStored, roleExists);
    }

    private static IdentityProviderSpec read(JsonNode body, ProviderSettings base, boolean create, boolean secretStored,
                                             Predicate<String> roleExists) {
        Fields fields = new Fields(body, FIELDS);
        String alias = fields.matching("alias", create, ALIAS,
                "must be 1 to 40 lowercase letters, digits or hyphens, starting with a letter or digit").orElse(base.alias());
        String displayName = nonBlank(fields, "display_name", create, 200).orElse(base.displayName());
        String issuer = url(fields, "issuer", create, true).orElse(base.issuer());
        Optional<String> authorizationEndpoint = endpoint(fields, body, "authorization_endpoint", base.authorizationEndpoint());
        Optional<String> tokenEndpoint = endpoint(fields, body, "token_endpoint", base.tokenEndpoint());
        Optional<String> userinfoEndpoint = endpoint(fields, body, "userinfo_endpoint", base.userinfoEndpoint());
        Optional<String> jwksUri = endpoint(fields, body, "jwks_uri", base.jwksUri());
        String clientId = nonBlank(fields, "client_id", create, 1000).orElse(base.clientId());
        ClientAuth clientAuth = fields.string("client_auth", false, 40).flatMap(value -> {
            Optional<ClientAuth> known = ClientAuth.of(value);
            if (known.isEmpty()) {
                fields.error("client_auth", "must be one of " + ClientAuth.choices());
            }
            return known;
        }).orElse(base.clientAuth());
        Optional<Secret> secret = fields.string("client_secret", false, 1000).flatMap(value -> {
            if (value.isEmpty()) {
                fields.error("client_secret", "must not be empty");
                return Optional.empty();
            }
            return Optional.of(new Secret(value));
        });
        List<String> scopes = fields.strings("scopes", 64, 128).orElse(base.scopes());
        ProviderSettings.Claims claims = claims(fields, body.get("claims"), base.claims());
        List<String> unknownRoles = new ArrayList<>();
        SortedMap<String, List<String>> roleMappings = roleMappings(fields, body.get("role_mappings"), roleExists, unknownRoles)
                .orElse(base.roleMappings());
        List<String> domains = domains(fields).orElse(base.domains());
        ProviderSettings settings = new ProviderSettings(alias, displayName, fields.bool("enabled").orElse(base.enabled()), issuer,
                fields.bool("discovery").orElse(base.discovery()), authorizationEndpoint, tokenEndpoint, userinfoEndpoint, jwksUri,
                clientId, clientAuth, scopes, claims, roleMappings, fields.bool("create_users").orElse(base.createUsers()),
                fields.bool("link_by_email").orElse(base.linkByEmail()), fields.bool("required").orElse(base.required()),
                fields.bool("trust_mfa").orElse(base.trustMfa()), domains);

        checkJoined(fields, settings, secret, secretStored);
        fields.throwIfInvalid();
        if (!unknownRoles.isEmpty()) {
            // well-formed, but naming what the tenant does not have: 422, where a malformed field is 400 (as invitations)
            throw new ProblemException(422, "The role mappings name roles this tenant does not have.",
                    Map.of("role_mappings", "names " + String.join(", ", unknownRoles) + ", which are not roles of this tenant"));
        }
        return new IdentityProviderSpec(settings, secret);
    }

    /** The rules between fields, on the settings as they will be. */
    private static void checkJoined(Fields fields, ProviderSettings settings, Optional<Secret> secret, boolean secretStored) {
        if (!settings.discovery()) {
            List<Optional<String>> values = List.of(settings.authorizationEndpoint(), settings.tokenEndpoint(), settings.jwksUri());
            for (int i = 0; i < ENDPOINTS.size(); i++) {
                if (values.get(i).isEmpty() && !fields.hasError(ENDPOINTS.get(i))) {
                    fields.error(ENDPOINTS.get(i), "is required when discovery is false");
                }
            }
        }
        if (fields.hasError("client_auth") || fields.hasError("client_secret")) {
            return;
        }
        String method = settings.clientAuth().wireName();
        if (settings.clientAuth().usesSecret() && secret.isEmpty() && !secretStored) {
            fields.error("client_secret", "is required with " + method);
        }
        if (!settings.clientAuth().usesSecret() && secret.isPresent()) {
            fields.error("client_secret", "must not be given with " + method + ": only client_secret_basic and client_secret_post use a secret");
        }
        if (!fields.hasError("scopes")) {
            for (int i = 0; i < settings.scopes().size(); i++) {
                if (!Scope.isToken(settings.scopes().get(i))) {
                    fields.error("scopes[" + i + "]", "must be a scope token: no spaces, quotes or backslashes");
                }
            }
            if (!settings.scopes().contains("openid")) {
                fields.error("scopes", "must contain openid: OID signs in with the provider's ID token");
            }
        }
    }

    private static Optional<String> nonBlank(Fields fields, String name, boolean required, int maxLength) {
        Optional<String> value = fields.string(name, required, maxLength);
        if (value.isPresent() && value.get().isBlank()) {
            fields.error(name, "must not be blank");
            return Optional.empty();
        }
        return value;
    }

    private static Optional<String> url(Fields fields, String name, boolean required, boolean issuer) {
        Optional<String> value = fields.string(name, required, UpstreamUrl.MAX_LENGTH);
        Optional<String> problem = value.flatMap(url -> UpstreamUrl.problem(url, issuer));
        problem.ifPresent(message -> fields.error(name, message));
        return problem.isPresent() ? Optional.empty() : value;
    }

    /** An endpoint: given, the new one; null, none; left out, the current one. */
    private static Optional<String> endpoint(Fields fields, JsonNode body, String name, Optional<String> current) {
        if (body.has(name) && body.get(name).isNull()) {
            return Optional.empty();
        }
        return fields.has(name) ? url(fields, name, false, false) : current;
    }

    /** {@code claims}: the members given replace the current ones; {@code roles: null} maps no roles. */
    private static ProviderSettings.Claims claims(Fields fields, JsonNode node, ProviderSettings.Claims current) {
        if (node == null || node.isNull()) {
            return current;
        }
        if (!node.isObject()) {
            fields.error("claims", "must be an object with username, email, name and roles");
            return current;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (!CLAIM_FIELDS.contains(names.next())) {
                fields.error("claims", "must have only the members username, email, name and roles");
            }
        }
        String username = claim(fields, node, "username").orElse(current.username());
        String email = claim(fields, node, "email").orElse(current.email());
        String name = claim(fields, node, "name").orElse(current.name());
        Optional<String> roles = node.has("roles") && node.get("roles").isNull() ? Optional.empty()
                : claim(fields, node, "roles").or(current::roles);
        return new ProviderSettings.Claims(username, email, name, roles);
    }

    private static Optional<String> claim(Fields fields, JsonNode claims, String member) {
        if (!claims.has(member)) {
            return Optional.empty();
        }
        JsonNode value = claims.get(member);
        if (!isName(value)) {
            fields.error("claims." + member, "must be a non-blank claim name of at most " + MAX_NAME + " characters");
            return Optional.empty();
        }
        return Optional.of(value.asText());
    }

    /**
     * {@code role_mappings} replaces the mappings as a whole; each role it names must be one of the
     * tenant's, else it is added to {@code unknownRoles}.
     */
    private static Optional<SortedMap<String, List<String>>> roleMappings(Fields fields, JsonNode node, Predicate<String> roleExists,
                                                                          List<String> unknownRoles) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String field = "role_mappings";
        if (!node.isObject()) {
            fields.error(field, "must be an object mapping a value of the roles claim to an array of the tenant's role names");
            return Optional.empty();
        }
        if (node.size() > MAX_MAPPINGS) {
            fields.error(field, "must have at most " + MAX_MAPPINGS + " entries");
            return Optional.empty();
        }
        SortedMap<String, List<String>> mappings = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> entries = node.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (entry.getKey().isBlank() || entry.getKey().length() > MAX_NAME || Fields.hasControlCharacter(entry.getKey())) {
                fields.error(field, "its keys must be non-blank values of at most " + MAX_NAME + " characters");
                continue;
            }
            JsonNode roles = entry.getValue();
            if (!roles.isArray() || roles.size() > MAX_ROLES_PER_VALUE) {
                fields.error(field, "each value must be an array of at most " + MAX_ROLES_PER_VALUE + " role names");
                continue;
            }
            List<String> names = new ArrayList<>();
            for (JsonNode role : roles) {
                if (!isName(role)) {
                    fields.error(field, "each value must be an array of role names");
                } else if (!roleExists.test(role.asText())) {
                    if (!unknownRoles.contains("'" + role.asText() + "'")) {
                        unknownRoles.add("'" + role.asText() + "'");
                    }
                } else if (!names.contains(role.asText())) {
                    names.add(role.asText());
                }
            }
            mappings.put(entry.getKey(), names);
        }
        return Optional.of(mappings);
    }

    private static boolean isName(JsonNode value) {
        return value != null && value.isTextual() && !value.asText().isBlank() && value.asText().length() <= MAX_NAME
                && !Fields.hasControlCharacter(value.asText());
    }

    /** {@code domains}, in their stored form, each once. */
    private static Optional<List<String>> domains(Fields fields) {
        Optional<List<String>> given = fields.strings("domains", 100, DomainName.MAX_LENGTH);
        if (given.isEmpty()) {
            return Optional.empty();
        }
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < given.get().size(); i++) {
            Optional<String> ascii = DomainName.ascii(given.get().get(i));
            if (ascii.isEmpty()) {
                fields.error("domains[" + i + "]", DomainName.RULE);
            } else if (domains.contains(ascii.get())) {
                fields.error("domains[" + i + "]", "is repeated");
            } else {
                domains.add(ascii.get());
            }
        }
        return Optional.of(domains);
    }
}
