package com.orbusdigital.oid.bootstrap;

import com.orbusdigital.oid.client.Client;
import com.orbusdigital.oid.client.ClientRepository;
import com.orbusdigital.oid.client.ClientSecrets;
import com.orbusdigital.oid.client.ClientService;
import com.orbusdigital.oid.client.ClientType;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.event.ClientChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.event.RoleChange;
import com.orbusdigital.oid.event.TenantChange;
import com.orbusdigital.oid.oauth.token.ClientCredentialsGrant;
import com.orbusdigital.oid.persistence.AdvisoryLocks;
import com.orbusdigital.oid.persistence.DatabaseReady;
import com.orbusdigital.oid.persistence.Rows;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.role.Role;
import com.orbusdigital.oid.role.RoleRepository;
import com.orbusdigital.oid.role.RoleService;
import com.orbusdigital.oid.tenant.Tenant;
import com.orbusdigital.oid.tenant.TenantRepository;
import com.orbusdigital.oid.tenant.TenantService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With OID_BOOTSTRAP_CLIENT_ID/SECRET set, makes sure the platform tenant exists with a confidential
 * client of those credentials, allowed client_credentials and holding oid-admin: the first key to
 * the admin API. Idempotent at every start; replicas starting together serialise on an advisory lock.
 * A changed OID_BOOTSTRAP_CLIENT_SECRET replaces the stored one, so operators can rotate it. Every
 * change it makes is fired as an {@link IdentityEvent} in its transaction (ids and names only).
 */
@ApplicationScoped
public class PlatformBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformBootstrap.class);

    private OidConfig config;
    private Rows rows;
    private TenantRepository tenants;
    private RoleRepository roles;
    private ClientRepository clients;
    private Clock clock;
    private Event<IdentityEvent> events;

    protected PlatformBootstrap() {
        // for the CDI proxy
    }

    @Inject
    public PlatformBootstrap(OidConfig config, Rows rows, TenantRepository tenants,
                             RoleRepository roles, ClientRepository clients, Clock clock, Event<IdentityEvent> events) {
        this.config = config;
        this.rows = rows;
        this.tenants = tenants;
        this.roles = roles;
        this.clients = clients;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    void onDatabaseReady(@Observes DatabaseReady ready) {
        config.bootstrapClient().ifPresent(this::ensure);
    }

    private void ensure(OidConfig.BootstrapClient bootstrap) {
        AdvisoryLocks.BOOTSTRAP.acquire(rows);
        Instant now = clock.instant();
        Tenant platform = tenants.findBySlug(Tenant.PLATFORM_SLUG).orElseGet(() -> {
            Tenant created = new Tenant(Tenant.PLATFORM_SLUG, "Platform", now);
            tenants.add(created);
            events.fire(new TenantChange.Created(TenantService.facts(created)));
            LOG.info("Bootstrap: created tenant {}", Tenant.PLATFORM_SLUG);
            return created;
        });
        ensureRole(platform, Role.TENANT_ADMIN, "Administers this tenant", now);
        Role admin = ensureRole(platform, Role.OID_ADMIN, "Administers every tenant of OID", now);

        String secret = bootstrap.secret().reveal();
        Client client = clients.findByClientId(bootstrap.clientId()).orElse(null);
        if (client == null) {
            client = new Client(platform, bootstrap.clientId(), "Platform bootstrap client", ClientType.CONFIDENTIAL, now);
            client.setSecretHash(ClientSecrets.hash(secret), now);
            client.setGrantTypes(List.of(ClientCredentialsGrant.GRANT_TYPE), now);
            clients.add(client);
            events.fire(new ClientChange.Created(ClientService.facts(client)));
            LOG.info("Bootstrap: created client {} in tenant {}", bootstrap.clientId(), Tenant.PLATFORM_SLUG);
        } else if (!client.tenant().id().equals(platform.id())) {
            throw new IllegalStateException("OID_BOOTSTRAP_CLIENT_ID " + bootstrap.clientId()
                    + " already belongs to tenant " + client.tenant().slug() + ", not " + Tenant.PLATFORM_SLUG);
        } else {
            if (client.secretHash().map(hash -> !ClientSecrets.verify(secret, hash)).orElse(true)) {
                client.setSecretHash(ClientSecrets.hash(secret), now);
                // that it changed and when, never the secret or its hash
                events.fire(new ClientChange.SecretRotated(ClientService.facts(client)));
                LOG.info("Bootstrap: client {} takes the secret now configured in OID_BOOTSTRAP_CLIENT_SECRET", bootstrap.clientId());
            }
            boolean updated = false;
            if (!client.allowsGrant(ClientCredentialsGrant.GRANT_TYPE)) {
                List<String> grants = new ArrayList<>(client.grantTypes());
                grants.add(ClientCredentialsGrant.GRANT_TYPE);
                client.setGrantTypes(grants, now);
                updated = true;
            }
            if (!client.enabled()) {
                client.setEnabled(true, now);
                updated = true;
            }
            if (updated) {
                events.fire(new ClientChange.Updated(ClientService.facts(client)));
            }
        }
        if (client.addRole(admin)) {
            events.fire(RoleService.clientAssignment(true, admin, client.clientId()));
            LOG.info("Bootstrap: client {} holds role {}", bootstrap.clientId(), Role.OID_ADMIN);
        }
    }

    private Role ensureRole(Tenant tenant, String name, String description, Instant now) {
        return roles.find(tenant.id(), name).orElseGet(() -> {
            Role role = new Role(tenant.id(), name, description, now);
            roles.add(role);
            events.fire(new RoleChange.Created(RoleService.facts(role)));
            return role;
        });
    }
}
