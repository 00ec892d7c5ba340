package com.orbusdigital.oid.tenant;

import com.orbusdigital.oid.protocol.StandardClaims;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@DynamicUpdate // an update writes only the columns it changed
@Table(name = "tenants")
public class Tenant {

    /** The tenant of OID's own operators; its role {@code oid-admin} may administer everything. */
    public static final String PLATFORM_SLUG = "platform";

    @Id
    private UUID id;

    @Column(nullable = false)
    private String slug;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private boolean enabled;

    /** The language tag of its sign-in pages when nothing else chooses one; null for OID's default (English). */
    @Column(name = "default_language")
    private String defaultLanguage;

    /** off, optional or required ({@link MfaPolicy}). */
    @Column(name = "mfa_policy", nullable = false)
    private String mfaPolicy = MfaPolicy.OPTIONAL.value();

    // --- issue 17, branding (V19) ---
    /** The name its pages show instead of {@link #name}; null to show the name. */
    @Column(name = "display_name")
    private String displayName;

    /** #rrggbb, lowercase; null for OID's own colours. */
    @Column(name = "accent_color")
    private String accentColor;

    /** The SHA-256 (hex) of its logo in tenant_logos; null without one. */
    @Column(name = "logo_sha256")
    private String logoSha256;
    // --- end of issue 17, branding ---

    /** The claims its users may edit on their account page ({@link StandardClaims#SELF_EDITABLE}); null: the default. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "profile_editable")
    private List<String> profileEditable;

    // --- issue 17, self sign-up (V22) ---
    /** Whether anyone may create an account from its login page (after verifying their address). */
    @Column(name = "sign_up", nullable = false)
    private boolean signUp;

    /** The email domains whose addresses may sign up, lower-case ASCII ({@link SignUpDomains}); empty: any. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "sign_up_domains", nullable = false)
    private List<String> signUpDomains = List.of();
    // --- end of issue 17, self sign-up ---

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Moves with every change of this tenant's own fields: its ETag in the admin API. */
    @Version
    private Long version;

    protected Tenant() {
        // for JPA
    }

    public Tenant(String slug, String name, Instant now) {
        this.id = UUID.randomUUID();
        this.slug = slug;
        this.name = name;
        this.enabled = true;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String slug() {
        return slug;
    }

    public String name() {
        return name;
    }

    public boolean enabled() {
        return enabled;
    }

    public Optional<String> defaultLanguage() {
        return Optional.ofNullable(defaultLanguage);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** The version of this tenant's fields: its ETag. */
    public long version() {
        return version == null ? 0 : version;
    }

    public boolean isPlatform() {
        return PLATFORM_SLUG.equals(slug);
    }

    public void rename(String name, Instant now) {
        this.name = name;
        this.updatedAt = now;
    }

    /** @param tag a supported language's tag, or empty for OID's default */
    public void setDefaultLanguage(Optional<String> tag, Instant now) {
        this.defaultLanguage = tag.orElse(null);
        this.updatedAt = now;
    }

    /** The tenant's second-factor policy. */
    public MfaPolicy mfaPolicy() {
        return MfaPolicy.of(mfaPolicy).orElse(MfaPolicy.OPTIONAL);
    }

    public void setMfaPolicy(MfaPolicy policy, Instant now) {
        this.mfaPolicy = policy.value();
        this.updatedAt = now;
    }

    /** The claims its users may edit themselves, in {@link StandardClaims#SELF_EDITABLE} order. */
    public List<String> profileEditable() {
        List<String> chosen = profileEditable == null ? StandardClaims.DEFAULT_SELF_EDITABLE : profileEditable;
        return StandardClaims.SELF_EDITABLE.stream().filter(chosen::contains).toList();
    }

    /** @param claims names of {@link StandardClaims#SELF_EDITABLE}, or empty for the default */
    public void setProfileEditable(Optional<List<String>> claims, Instant now) {
        this.profileEditable = claims.map(List::copyOf).orElse(null);
        this.updatedAt = now;
    }

    public void setEnabled(boolean enabled, Instant now) {
        this.enabled = enabled;
        this.updatedAt = now;
    }

    // --- issue 17, branding ---
    public Optional<String> displayName() {
        return Optional.ofNullable(displayName);
    }

    public Optional<String> accentColor() {
        return Optional.ofNullable(accentColor);
    }

    public Optional<String> logoSha256() {
        return Optional.ofNullable(logoSha256);
    }

    /** @param displayName the name its pages show, or empty to show its name */
    public void setDisplayName(Optional<String> displayName, Instant now) {
        this.displayName = displayName.orElse(null);
        this.updatedAt = now;
    }

    /** @param accentColor #rrggbb in lowercase, or empty for OID's colours */
    public void setAccentColor(Optional<String> accentColor, Instant now) {
        this.accentColor = accentColor.orElse(null);
        this.updatedAt = now;
    }

    /** @param sha256 the hash of the logo now stored in tenant_logos, or empty when it was removed */
    public void setLogo(Optional<String> sha256, Instant now) {
        this.logoSha256 = sha256.orElse(null);
        this.updatedAt = now;
    }
    // --- end of issue 17, branding ---

    // --- issue 17, self sign-up ---
    public boolean signUp() {
        return signUp;
    }

    public List<String> signUpDomains() {
        return signUpDomains == null ? List.of() : List.copyOf(signUpDomains);
    }

    /** Whether an address at this domain (lower-case ASCII) may sign up here, when sign-up is on. */
    public boolean signUpAllows(String domain) {
        return SignUpDomains.allows(signUpDomains(), domain);
    }

    public void setSignUp(boolean signUp, Instant now) {
        this.signUp = signUp;
        this.updatedAt = now;
    }

    /** @param domains checked by {@link SignUpDomains#parse}; empty for any */
    public void setSignUpDomains(List<String> domains, Instant now) {
        this.signUpDomains = List.copyOf(domains);
        this.updatedAt = now;
    }
    // --- end of issue 17, self sign-up ---
}
