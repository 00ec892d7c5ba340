package com.orbusdigital.oid.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.admin.IfMatch;
import com.orbusdigital.oid.admin.Page;
import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.IdentityProviderChange;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.role.RoleRepository;
import com.orbusdigital.oid.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The upstream identity providers of a tenant (issue 18). Each change is one transaction — the
 * provider, its domains, its sealed secret and its {@link IdentityEvent} — so a refused request
 * changes nothing. A provider of another tenant is not found, and the conflicts it checks (alias,
 * domain) look only inside the caller's tenant: another tenant's providers are never revealed.
 */
@ApplicationScoped
public class IdentityProviderService {

    private IdentityProviderRepository providers;
    private RoleRepository roles;
    private ProviderSecretSeal seal;
    private Event<IdentityEvent> events;
    private Clock clock;

    protected IdentityProviderService() {
        // for the CDI proxy
    }

    @Inject
    public IdentityProviderService(IdentityProviderRepository providers, RoleRepository roles, ProviderSecretSeal seal,
                                   Event<IdentityEvent> events, Clock clock) {
        this.providers = providers;
        this.roles = roles;
        this.seal = seal;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public IdentityProvider create(Tenant tenant, JsonNode body) {
        IdentityProviderSpec spec = IdentityProviderSpec.forCreate(body, roleOf(tenant.id()));
        IdentityProvider provider = new IdentityProvider(tenant.id(), spec.settings(), clock.instant());
        refuseConflicts(tenant.id(), spec.settings(), provider.id());
        spec.secret().ifPresent(secret -> provider.setSealedSecret(seal.seal(provider.id(), secret)));
        providers.add(provider);
        events.fire(new IdentityProviderChange.Created(facts(provider)));
        return provider;
    }

    @Transactional
    public Page<IdentityProvider> list(Tenant tenant, Page.Window window) {
        return new Page<>(providers.list(tenant.id(), window.limit(), window.offset()), providers.count(tenant.id()),
                window.limit(), window.offset());
    }

    /** The provider of this tenant, or 404: an id of another tenant's provider, or no id at all, is not found alike. */
    @Transactional
    public IdentityProvider get(Tenant tenant, String id) {
        return parse(id).flatMap(uuid -> providers.find(tenant.id(), uuid))
                .orElseThrow(() -> ProblemException.notFound("Identity provider"));
    }

    /**
     * Applies a PATCH to the provider as its row is now (locked until the commit). A change that
     * changes nothing writes nothing and publishes nothing; otherwise the event names what changed.
     */
    @Transactional
    public IdentityProvider update(IdentityProvider found, IfMatch ifMatch, JsonNode body) {
        IdentityProvider provider = current(found, ifMatch);
        ProviderSettings before = provider.settings();
        IdentityProviderSpec spec = IdentityProviderSpec.forUpdate(body, before, provider.hasSecret(), roleOf(provider.tenantId()));
        refuseConflicts(provider.tenantId(), spec.settings(), provider.id());
        List<String> changed = new ArrayList<>(spec.settings().changedFrom(before));
        if (spec.secret().isPresent() || (provider.hasSecret() && !spec.settings().clientAuth().usesSecret())) {
            changed.add("client_secret");
        }
        if (changed.isEmpty()) {
            return provider;
        }
        Instant now = clock.instant();
        provider.apply(spec.settings(), now);
        spec.secret().ifPresent(secret -> provider.setSealedSecret(seal.seal(provider.id(), secret)));
        events.fire(new IdentityProviderChange.Updated(facts(provider), changed));
        return provider;
    }

    /** Its domains and linked identities go with it (ON DELETE CASCADE); the users it linked stay, and so do their sessions. */
    @Transactional
    public void delete(IdentityProvider found, IfMatch ifMatch) {
        IdentityProvider provider = current(found, ifMatch);
        providers.remove(provider);
        events.fire(new IdentityProviderChange.Deleted(facts(provider)));
    }

    /** 409 for an alias or a domain another provider of the same tenant has; checked before anything is written. */
    private void refuseConflicts(UUID tenantId, ProviderSettings settings, UUID self) {
        if (providers.aliasTaken(tenantId, settings.alias(), self)) {
            throw ProblemException.conflict("Another identity provider of this tenant has the alias '" + settings.alias() + "'.");
        }
        List<String> taken = providers.domainsTaken(tenantId, settings.domains(), self);
        if (!taken.isEmpty()) {
            throw ProblemException.conflict("Another identity provider of this tenant has the domain(s) " + String.join(", ", taken) + ".");
        }
    }

    private Predicate<String> roleOf(UUID tenantId) {
        return name -> roles.find(tenantId, name).isPresent();
    }

    private IdentityProvider current(IdentityProvider found, IfMatch ifMatch) {
        IdentityProvider provider = providers.current(found).orElseThrow(() -> ProblemException.notFound("Identity provider"));
        ifMatch.check(provider.id(), provider.version(), "Identity provider '" + provider.alias() + "'");
        return provider;
    }

    private static java.util.Optional<UUID> parse(String id) {
        try {
            return java.util.Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException notAnId) {
            return java.util.Optional.empty();
        }
    }

    /** What the events of a provider change say: never its secret, endpoints or client_id. */
    public static IdentityProviderChange.Facts facts(IdentityProvider provider) {
        return new IdentityProviderChange.Facts(provider.tenantId(), provider.id(), provider.alias(), provider.settings().enabled());
    }
}
