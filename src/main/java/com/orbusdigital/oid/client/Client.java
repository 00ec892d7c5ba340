package com.orbusdigital.oid.client;

import com.orbusdigital.oid.protocol.Assurance;
import com.orbusdigital.oid.role.Role;
import com.orbusdigital.oid.tenant.Tenant;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.OptimisticLock;
import org.hibernate.type.SqlTypes;

/** An application registered in a tenant (RFC 6749 §2). */
@Entity
@DynamicUpdate // an update writes only the columns it changed
@Table(name = "clients")
public class Client {

    @Id
    private UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "tenant_id", nullable = false)
    private Tenant tenant;

    @Column(name = "client_id", nullable = false)
    private String clientId;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    @Convert(converter = ClientType.ColumnConverter.class)
    private ClientType type;

    @Column(name = "secret_hash")
    private String secretHash;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "redirect_uris", nullable = false)
    private List<String> redirectUris = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "post_logout_redirect_uris", nullable = false)
    private List<String> postLogoutRedirectUris = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "grant_types", nullable = false)
    private List<String> grantTypes = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    private List<String> scopes = new ArrayList<>();

    @Column(name = "require_pkce", nullable = false)
    private boolean requirePkce = true;

    @Column(name = "first_party", nullable = false)
    private boolean firstParty = true;

    @Column(name = "revoke_refresh_tokens_on_logout", nullable = false)
    private boolean revokeRefreshTokensOnLogout;

    @Column(name = "require_offline_access", nullable = false)
    private boolean requireOfflineAccess;

    @Column(name = "require_mfa", nullable = false)
    private boolean requireMfa;

    @Column(name = "require_passkey", nullable = false)
    private boolean requirePasskey;

    // issue 18, back-channel logout
    @Column(name = "backchannel_logout_uri")
    private String backchannelLogoutUri;

    @Column(name = "backchannel_logout_session_required", nullable = false)
    private boolean backchannelLogoutSessionRequired;

    @Column(nullable = false)
    private boolean enabled = true;

    @Column(name = "secret_rotated_at")
    private Instant secretRotatedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Moves with every change of this client's own fields: its ETag in the admin API. */
    @Version
    private Long version;

    /** Set in SQL when an oid-admin revokes every token of the client; never written through the entity. */
    @Column(name = "tokens_revoked_before", insertable = false, updatable = false)
    private Instant tokensRevokedBefore;

    // a role assignment is a resource of its own (…/roles/{name}): it does not move this client's version
    @OptimisticLock(excluded = true)
    @ManyToMany(fetch = FetchType.LAZY)
    @JoinTable(name = "client_roles",
            joinColumns = @JoinColumn(name = "client_id"),
            inverseJoinColumns = @JoinColumn(name = "role_id"))
    private Set<Role> roles = new HashSet<>();

    /** Never stored (see {@link #builtIn(Tenant, String, String, List, Instant)}). */
    @jakarta.persistence.Transient
    private boolean builtIn;

    protected Client() {
        // for JPA
    }

    public Client(Tenant tenant, String clientId, String name, ClientType type, Instant now) {
        this.id = UUID.randomUUID();
        this.tenant = tenant;
        this.clientId = clientId;
        this.name = name;
        this.type = type;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * A client OID makes up for its own pages, never stored (its sign-ins return to the page, no code
     * is issued): public, first-party, authorization code with PKCE, its pages' redirect URIs.
     */
    static Client builtIn(Tenant tenant, String clientId, String name, List<String> redirectUris, Instant now) {
        Client client = new Client(tenant, clientId, name, ClientType.PUBLIC, now);
        client.redirectUris = List.copyOf(redirectUris);
        client.grantTypes = List.of("authorization_code");
        client.scopes = List.of("openid");
        client.builtIn = true;
        return client;
    }

    /** Whether OID made it up for its own pages ({@link ConsoleClients}): never stored, no code issued. */
    public boolean builtIn() {
        return builtIn;
    }

    public UUID id() {
        return id;
    }

    public Tenant tenant() {
        return tenant;
    }

    public String clientId() {
        return clientId;
    }

    public String name() {
        return name;
    }

    public ClientType type() {
        return type;
    }

    public Optional<String> secretHash() {
        return Optional.ofNullable(secretHash);
    }

    public List<String> redirectUris() {
        return List.copyOf(redirectUris);
    }

    public List<String> grantTypes() {
        return List.copyOf(grantTypes);
    }

    public List<String> scopes() {
        return List.copyOf(scopes);
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean allowsGrant(String grantType) {
        return grantTypes.contains(grantType);
    }

    public Set<Role> roles() {
        return Set.copyOf(roles);
    }

    public void setSecretHash(String secretHash, Instant now) {
        this.secretHash = secretHash;
        this.secretRotatedAt = now;
        this.updatedAt = now;
    }

    public void setGrantTypes(List<String> grantTypes, Instant now) {
        this.grantTypes = new ArrayList<>(grantTypes);
        this.updatedAt = now;
    }

    public void setScopes(List<String> scopes, Instant now) {
        this.scopes = new ArrayList<>(scopes);
        this.updatedAt = now;
    }

    public void setEnabled(boolean enabled, Instant now) {
        this.enabled = enabled;
        this.updatedAt = now;
    }

    public List<String> postLogoutRedirectUris() {
        return List.copyOf(postLogoutRedirectUris);
    }

    public boolean requirePkce() {
        return requirePkce;
    }

    /** Whether its users are never asked for their consent (OID's own applications); a third party's are (issue 17). */
    public boolean firstParty() {
        return firstParty;
    }

    public void setFirstParty(boolean firstParty, Instant now) {
        this.firstParty = firstParty;
        this.updatedAt = now;
    }

    /** Whether logging out of OID also revokes this client's refresh tokens of that session (not offline ones). */
    public boolean revokeRefreshTokensOnLogout() {
        return revokeRefreshTokensOnLogout;
    }

    /** Whether a refresh token is issued only when offline_access was asked for. */
    public boolean requireOfflineAccess() {
        return requireOfflineAccess;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The version of this client's fields: its ETag. */
    public long version() {
        return version == null ? 0 : version;
    }

    public void rename(String name, Instant now) {
        this.name = name;
        this.updatedAt = now;
    }

    public void setRedirectUris(List<String> redirectUris, Instant now) {
        this.redirectUris = new ArrayList<>(redirectUris);
        this.updatedAt = now;
    }

    public void setPostLogoutRedirectUris(List<String> uris, Instant now) {
        this.postLogoutRedirectUris = new ArrayList<>(uris);
        this.updatedAt = now;
    }

    /** Whether its users must have signed in with two factors. */
    public boolean requireMfa() {
        return requireMfa;
    }

    /** Whether its users must have signed in with a passkey (phishing-resistant). */
    public boolean requirePasskey() {
        return requirePasskey;
    }

    /** The least a sign-in must have proved for this client: what {@link #requireMfa} and {@link #requirePasskey} say. */
    public Assurance minimumAssurance() {
        return requirePasskey ? Assurance.PHISHING_RESISTANT : requireMfa ? Assurance.MULTI_FACTOR : Assurance.PASSWORD;
    }

    public void setRequireMfa(boolean requireMfa, Instant now) {
        this.requireMfa = requireMfa;
        this.updatedAt = now;
    }

    public void setRequirePasskey(boolean requirePasskey, Instant now) {
        this.requirePasskey = requirePasskey;
        this.updatedAt = now;
    }

    /** issue 18: where OID POSTs a logout token when a session this client served ends (Back-Channel Logout 1.0 §2.2). */
    public Optional<String> backchannelLogoutUri() {
        return Optional.ofNullable(backchannelLogoutUri);
    }

    /** issue 18: whether its logout tokens must carry sid (OID's always do). */
    public boolean backchannelLogoutSessionRequired() {
        return backchannelLogoutSessionRequired;
    }

    public void setBackchannelLogoutUri(Optional<String> uri, Instant now) {
        this.backchannelLogoutUri = uri.orElse(null);
        this.updatedAt = now;
    }

    public void setBackchannelLogoutSessionRequired(boolean required, Instant now) {
        this.backchannelLogoutSessionRequired = required;
        this.updatedAt = now;
    }

    public void setRequirePkce(boolean requirePkce, Instant now) {
        this.requirePkce = requirePkce;
        this.updatedAt = now;
    }

    public void setRevokeRefreshTokensOnLogout(boolean revoke, Instant now) {
        this.revokeRefreshTokensOnLogout = revoke;
        this.updatedAt = now;
    }

    public void setRequireOfflineAccess(boolean requireOfflineAccess, Instant now) {
        this.requireOfflineAccess = requireOfflineAccess;
        this.updatedAt = now;
    }

    public boolean addRole(Role role) {
        return roles.add(role);
    }

    public boolean removeRole(Role role) {
        return roles.remove(role);
    }

    /** Tokens issued to this client at or before this second are revoked. */
    public Optional<Instant> tokensRevokedBefore() {
        return Optional.ofNullable(tokensRevokedBefore);
    }
}
