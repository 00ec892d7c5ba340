package com.orbusdigital.oid.tenant;

import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.persistence.PeriodicWork;
import com.orbusdigital.oid.web.page.Language;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every tenant's branding and logo, in memory (issue 17, item 8): tenants are few and logos at most
 * 256 KiB, so /branding/{tenant}/logo answers without a database round trip, and an email finds its
 * tenant's {@link Branding} here. Like the client cache, every replica polls every
 * {@link #POLL_EVERY} and reloads everything when something moved — here a fingerprint of the
 * tenants' ids and row versions, which every tenant change (a logo's included) moves in its own
 * transaction — and the replica that made a change reloads as soon as it has committed
 * ({@link #changed}, called by the admin resource), so its next answer shows it.
 * <p>
 * While PostgreSQL is unreachable nothing can change, so the loaded brandings stay in force.
 */
@ApplicationScoped
public class Brandings implements PeriodicWork.Periodic {

    private static final Logger LOG = LoggerFactory.getLogger(Brandings.class);
    static final Duration POLL_EVERY = Duration.ofSeconds(1);

    /** Every tenant's branding as of {@code fingerprint}, read after it. */
    private record Loaded(String fingerprint, Map<UUID, Branding> brandings, Map<UUID, TenantLogos.Logo> logos) {}

    private TenantLogos store;
    private Issuer issuer;
    private volatile Loaded loaded;
    private final Object reloading = new Object();

    protected Brandings() {
        // for the CDI proxy
    }

    @Inject
    public Brandings(TenantLogos store, OidConfig config) {
        this(store, config.issuer());
    }

    /** For tests: the store, and the issuer the logos' URLs are under. */
    Brandings(TenantLogos store, Issuer issuer) {
        this.store = store;
        this.issuer = issuer;
    }

    @Override
    public PeriodicWork.Step step() {
        return PeriodicWork.Step.every(POLL_EVERY, "oid-branding-cache", "Branding cache: reading the tenants' fingerprint",
                        this::poll)
                .meanwhile("serving the loaded logos")
                .beforeStart(this::reload);
    }

    /** The tenant's branding; empty for an unknown tenant. */
    public Optional<Branding> of(UUID tenantId) {
        return Optional.ofNullable(current().brandings().get(tenantId));
    }

    /** The tenant's logo; empty for an unknown tenant and for one without a logo alike. */
    public Optional<TenantLogos.Logo> logo(UUID tenantId) {
        return Optional.ofNullable(current().logos().get(tenantId));
    }

    /** Reads every tenant's branding and swaps them in. Reloads take turns: each reads after the one before has finished. */
    void reload() {
        synchronized (reloading) {
            String fingerprint = store.fingerprint();
            Map<UUID, Branding> brandings = new HashMap<>();
            Map<UUID, TenantLogos.Logo> logos = new HashMap<>();
            for (TenantLogos.Stored stored : store.everyBranding()) {
                brandings.put(stored.tenantId(), new Branding(stored.tenantId(), stored.displayName().orElse(stored.name()),
                        stored.logo().map(logo -> issuer.endpoint("/" + Branding.logoPath(stored.tenantId(), logo.sha256()))),
                        stored.accentColor(), stored.language().flatMap(Language::of)));
                stored.logo().ifPresent(logo -> logos.put(stored.tenantId(), logo));
            }
            loaded = new Loaded(fingerprint, Map.copyOf(brandings), Map.copyOf(logos));
        }
    }

    /**
     * After a committed change: reads everything again, so that this replica's next answer shows it.
     * A failure is left to the next poll (the tenants' versions moved): the change is committed, and
     * its request must not answer as if it were not.
     */
    public void changed() {
        try {
            reload();
        } catch (RuntimeException | LinkageError failure) {
            LOG.warn("Branding cache: reading the brandings after a change failed ({}); the next poll retries",
                    failure.getClass().getSimpleName() + ": " + failure.getMessage());
        }
    }

    private Loaded current() {
        Loaded current = loaded;
        if (current == null) {
            reload();
            current = loaded;
        }
        return current;
    }

    /** Reads the fingerprint; reads everything again when it moved since the last read (or nothing was read yet). */
    void poll() {
        Loaded current = loaded;
        if (current == null || !current.fingerprint().equals(store.fingerprint())) {
            reload();
        }
    }
}
