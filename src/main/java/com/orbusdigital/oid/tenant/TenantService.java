package com.orbusdigital.oid.tenant;

import com.orbusdigital.oid.admin.IfMatch;
import com.orbusdigital.oid.admin.Page;
import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.event.BrandingChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.TenantChange;
import com.orbusdigital.oid.persistence.Transactional;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Creating, changing and deleting tenants; every change is an {@link IdentityEvent} in its transaction. */
@ApplicationScoped
public class TenantService {

    private TenantRepository tenants;
    private FirstRoles roles;
    private ClientIds clients;
    private Event<IdentityEvent> events;
    private Clock clock;
    private TenantLogos logos;

    protected TenantService() {
        // for the CDI proxy
    }

    @Inject
    public TenantService(TenantRepository tenants, FirstRoles roles, ClientIds clients, Event<IdentityEvent> events,
                         Clock clock, TenantLogos logos) {
        this.logos = logos; // issue 17, branding
        this.tenants = tenants;
        this.roles = roles;
        this.clients = clients;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A new tenant, created with its tenant-admin role.
     *
     * @param defaultLanguage its sign-in pages' language tag, empty for English
     * @param mfaPolicy       its second-factor policy
     */
    @Transactional
    public Tenant create(String slug, String name, Optional<String> defaultLanguage, MfaPolicy mfaPolicy) {
        if (tenants.findBySlug(slug).isPresent()) {
            throw ProblemException.conflict("A tenant with slug '" + slug + "' already exists.");
        }
        if (clients.anyWithClientIdStarting(ClientIdNamespaces.namespace(slug))) {
            // its administrators choose client_ids there: a 409 about another tenant's client would reveal it
            throw ProblemException.conflict("Clients of other tenants have client_ids starting with '"
                    + ClientIdNamespaces.namespace(slug) + "', the namespace of this slug: choose another slug.");
        }
        Instant now = clock.instant();
        Tenant tenant = new Tenant(slug, name, now);
        defaultLanguage.ifPresent(tag -> tenant.setDefaultLanguage(defaultLanguage, now));
        tenant.setMfaPolicy(mfaPolicy, now);
        tenants.add(tenant);
        events.fire(new TenantChange.Created(facts(tenant)));
        roles.addTenantAdmin(tenant.id(), now);
        return tenant;
    }

    @Transactional
    public Page<Tenant> list(Page.Window window) {
        return new Page<>(tenants.list(window.limit(), window.offset()), tenants.count(), window.limit(), window.offset());
    }

    /**
     * @param defaultLanguage present to change it: a language tag, or empty for English
     * @param mfaPolicy       present to change it; the next authorization requests follow it, a live
     *                        session's too (one that proved a password only is asked for a second factor)
     * @param profileEditable present to change it: the claims its users may edit themselves, or empty
     *                        for the default; the account page follows it at once
     * @param signUp          issue 17: self sign-up switched and its domains, each present to change it
     */
    @Transactional
    public Tenant update(Tenant found, IfMatch ifMatch, Optional<String> name, Optional<Boolean> enabled,
                         Optional<Optional<String>> defaultLanguage, Optional<MfaPolicy> mfaPolicy, Rebranding rebranding,
                         Optional<Optional<List<String>>> profileEditable, SignUpChange signUp) {
        Tenant tenant = current(found, ifMatch);
        Instant now = clock.instant();
        boolean disabling = enabled.isPresent() && !enabled.get() && tenant.enabled();
        if (disabling && tenant.isPlatform()) {
            throw ProblemException.conflict("The platform tenant cannot be disabled: it holds OID's administrators.");
        }
        name.ifPresent(n -> tenant.rename(n, now));
        enabled.ifPresent(e -> tenant.setEnabled(e, now));
        defaultLanguage.ifPresent(tag -> tenant.setDefaultLanguage(tag, now));
        mfaPolicy.ifPresent(policy -> tenant.setMfaPolicy(policy, now));
        // issue 17, branding
        rebranding.displayName().ifPresent(displayName -> tenant.setDisplayName(displayName, now));
        rebranding.accentColor().ifPresent(color -> tenant.setAccentColor(color, now));
        profileEditable.ifPresent(claims -> tenant.setProfileEditable(claims, now));
        signUp.enabled().ifPresent(on -> tenant.setSignUp(on, now)); // issue 17, self sign-up
        signUp.domains().ifPresent(domains -> tenant.setSignUpDomains(domains, now));
        events.fire(disabling ? new TenantChange.Disabled(facts(tenant)) : new TenantChange.Updated(facts(tenant)));
        if (rebranding.any()) {
            events.fire(brandingChange(tenant));
        }
        return tenant;
    }

    /** Issue 17, self sign-up: {@code sign_up} and {@code sign_up_domains} (already {@link SignUpDomains#parse}d), each present to change it. */
    public record SignUpChange(Optional<Boolean> enabled, Optional<List<String>> domains) {
        public static final SignUpChange NONE = new SignUpChange(Optional.empty(), Optional.empty());
    }

    // --- issue 17, branding ---
    /**
     * What a change of a tenant says of its branding: each present to change it, to a value or
     * (empty) back to OID's default.
     */
    public record Rebranding(Optional<Optional<String>> displayName, Optional<Optional<String>> accentColor) {
        boolean any() {
            return displayName.isPresent() || accentColor.isPresent();
        }
    }

    /** Stores the tenant's logo in place of any it had; the tenant's version moves (its ETag, the logo caches' fingerprint). */
    @Transactional
    public Tenant setLogo(Tenant found, IfMatch ifMatch, LogoImage image) {
        Tenant tenant = current(found, ifMatch);
        Instant now = clock.instant();
        logos.store(tenant.id(), image, now);
        tenant.setLogo(Optional.of(image.sha256()), now);
        events.fire(brandingChange(tenant));
        return tenant;
    }

    /** Removes the tenant's logo: its pages show OID's mark again. 404 when it had none. */
    @Transactional
    public Tenant removeLogo(Tenant found, IfMatch ifMatch) {
        Tenant tenant = current(found, ifMatch);
        if (!logos.remove(tenant.id())) {
            throw ProblemException.notFound("The logo of tenant '" + tenant.slug() + "'");
        }
        tenant.setLogo(Optional.empty(), clock.instant());
        events.fire(brandingChange(tenant));
        return tenant;
    }

    private static BrandingChange brandingChange(Tenant tenant) {
        return new BrandingChange(tenant.id(), tenant.slug(), tenant.displayName(), tenant.accentColor(), tenant.logoSha256());
    }
    // --- end of issue 17, branding ---

    /** Deletes the tenant and, by cascade, its users, clients, roles and tokens. */
    @Transactional
    public void delete(Tenant found, IfMatch ifMatch) {
        Tenant tenant = current(found, ifMatch);
        if (tenant.isPlatform()) {
            throw ProblemException.conflict("The platform tenant cannot be deleted: it holds OID's administrators.");
        }
        tenants.remove(tenant);
        // the cascade takes the locks of the tenant's rows before the event takes the change counter's,
        // the order in which every change of one of those rows takes them
        tenants.flush();
        events.fire(new TenantChange.Deleted(tenant.id(), tenant.slug()));
    }

    /** The tenant as its row is now, locked until the change commits; 404 when deleted meanwhile, 412 per If-Match. */
    private Tenant current(Tenant found, IfMatch ifMatch) {
        Tenant tenant = tenants.current(found).orElseThrow(() -> ProblemException.notFound("Tenant"));
        ifMatch.check(tenant.id(), tenant.version(), "Tenant '" + tenant.slug() + "'");
        return tenant;
    }

    /** What the events of a tenant change say: id, slug, name, enabled. */
    public static TenantChange.Facts facts(Tenant tenant) {
        return new TenantChange.Facts(tenant.id(), tenant.slug(), tenant.name(), tenant.enabled());
    }
}
