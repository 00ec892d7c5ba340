package com.orbusdigital.oid.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A tenant's upstream OpenID provider as the admin API changes it (table identity_providers; V23's
 * comments say what each column means). Its email domains are part of it: a change of them moves
 * its version like any other field. The relying-party flow reads the same rows without this entity.
 */
@Entity
@DynamicUpdate // an update writes only the columns it changed
@Table(name = "identity_providers")
public class IdentityProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, List<String>>> MAPPINGS = new TypeReference<>() {};

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(nullable = false)
    private String alias;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(nullable = false)
    private boolean enabled;

    @Column(nullable = false)
    private String issuer;

    @Column(nullable = false)
    private boolean discovery;

    @Column(name = "authorization_endpoint")
    private String authorizationEndpoint;

    @Column(name = "token_endpoint")
    private String tokenEndpoint;

    @Column(name = "userinfo_endpoint")
    private String userinfoEndpoint;

    @Column(name = "jwks_uri")
    private String jwksUri;

    @Column(name = "client_id", nullable = false)
    private String clientId;

    @Column(name = "client_auth", nullable = false)
    private String clientAuth;

    /** Sealed by {@link ProviderSecretSeal}; never leaves this package in clear. */
    @Column(name = "client_secret")
    private byte[] clientSecret;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    private List<String> scopes = new ArrayList<>();

    @Column(name = "username_claim", nullable = false)
    private String usernameClaim;

    @Column(name = "email_claim", nullable = false)
    private String emailClaim;

    @Column(name = "name_claim", nullable = false)
    private String nameClaim;

    @Column(name = "roles_claim")
    private String rolesClaim;

    /** jsonb, written only when the mappings differ: PostgreSQL gives it back in its own spacing. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "role_mappings", nullable = false)
    private String roleMappings = "{}";

    @Column(name = "create_users", nullable = false)
    private boolean createUsers;

    @Column(name = "link_by_email", nullable = false)
    private boolean linkByEmail;

    @Column(nullable = false)
    private boolean required;

    @Column(name = "trust_mfa", nullable = false)
    private boolean trustMfa;

    // few per provider, and shown with it every time
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "identity_provider_domains", joinColumns = @JoinColumn(name = "provider_id"))
    private Set<ProviderDomain> domains = new HashSet<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Moves with every change of this provider's fields and domains: its ETag in the admin API. */
    @Version
    private Long version;

    protected IdentityProvider() {
        // for JPA
    }

    IdentityProvider(UUID tenantId, ProviderSettings settings, Instant now) {
        this.id = UUID.randomUUID();
        this.tenantId = tenantId;
        this.createdAt = now;
        apply(settings, now);
    }

    public UUID id() {
        return id;
    }

    public UUID tenantId() {
        return tenantId;
    }

    public String alias() {
        return alias;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The version of its fields and domains: its ETag. */
    public long version() {
        return version == null ? 0 : version;
    }

    public boolean hasSecret() {
        return clientSecret != null;
    }

    /** The sealed secret as stored, for the seal to open. */
    Optional<byte[]> sealedSecret() {
        return Optional.ofNullable(clientSecret).map(byte[]::clone);
    }

    public ProviderSettings settings() {
        return new ProviderSettings(alias, displayName, enabled, issuer, discovery, Optional.ofNullable(authorizationEndpoint),
                Optional.ofNullable(tokenEndpoint), Optional.ofNullable(userinfoEndpoint), Optional.ofNullable(jwksUri), clientId,
                ClientAuth.of(clientAuth).orElseThrow(), scopes, new ProviderSettings.Claims(usernameClaim, emailClaim, nameClaim,
                Optional.ofNullable(rolesClaim)), readMappings(roleMappings), createUsers, linkByEmail, required, trustMfa,
                domains.stream().map(ProviderDomain::name).toList());
    }

    /**
     * Takes these settings; a method without a secret drops the stored one. The service calls it only
     * when something differs (a change that changes nothing leaves the row and its version alone).
     */
    void apply(ProviderSettings settings, Instant now) {
        alias = settings.alias();
        displayName = settings.displayName();
        enabled = settings.enabled();
        issuer = settings.issuer();
        discovery = settings.discovery();
        authorizationEndpoint = settings.authorizationEndpoint().orElse(null);
        tokenEndpoint = settings.tokenEndpoint().orElse(null);
        userinfoEndpoint = settings.userinfoEndpoint().orElse(null);
        jwksUri = settings.jwksUri().orElse(null);
        clientId = settings.clientId();
        clientAuth = settings.clientAuth().wireName();
        if (!settings.clientAuth().usesSecret()) {
            clientSecret = null;
        }
        if (!scopes.equals(settings.scopes())) {
            scopes = new ArrayList<>(settings.scopes());
        }
        usernameClaim = settings.claims().username();
        emailClaim = settings.claims().email();
        nameClaim = settings.claims().name();
        rolesClaim = settings.claims().roles().orElse(null);
        if (!readMappings(roleMappings).equals(settings.roleMappings())) {
            roleMappings = writeMappings(settings.roleMappings());
        }
        createUsers = settings.createUsers();
        linkByEmail = settings.linkByEmail();
        required = settings.required();
        trustMfa = settings.trustMfa();
        Set<ProviderDomain> wanted = new HashSet<>();
        settings.domains().forEach(domain -> wanted.add(new ProviderDomain(tenantId, domain)));
        domains.retainAll(wanted);
        domains.addAll(wanted);
        updatedAt = now;
    }

    /** A secret sealed for this provider's id. */
    void setSealedSecret(byte[] sealed) {
        clientSecret = sealed.clone();
    }

    private static SortedMap<String, List<String>> readMappings(String json) {
        try {
            return JSON.readValue(json, MAPPINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("identity_providers.role_mappings is not a JSON object of arrays", e);
        }
    }

    private static String writeMappings(Map<String, List<String>> mappings) {
        try {
            return JSON.writeValueAsString(mappings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
