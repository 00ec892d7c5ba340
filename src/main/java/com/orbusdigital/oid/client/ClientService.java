package com.orbusdigital.oid.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.orbusdigital.oid.admin.IfMatch;
import com.orbusdigital.oid.admin.Page;
import com.orbusdigital.oid.admin.ProblemException;
import com.orbusdigital.oid.event.ClientChange;
import com.orbusdigital.oid.event.IdentityEvent;
import com.orbusdigital.oid.persistence.Transactional;
import com.orbusdigital.oid.role.Role;
import com.orbusdigital.oid.role.RoleService;
import com.orbusdigital.oid.tenant.Tenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Clients of a tenant; every change is an {@link IdentityEvent} in its transaction. */
@ApplicationScoped
public class ClientService {

    /** A client and, right after creation or rotation only, its secret in clear. */
    public record WithSecret(Client client, Optional<String> secret) {}

    private ClientRepository clients;
    private RoleService roles;
    private Event<IdentityEvent> events;
    private Clock clock;
    private ConsoleClients consoles;

    protected ClientService() {
        // for the CDI proxy
    }

    @Inject
    public ClientService(ClientRepository clients, RoleService roles, Event<IdentityEvent> events, Clock clock,
                         ConsoleClients consoles) {
        this.consoles = consoles;
        this.clients = clients;
        this.roles = roles;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public WithSecret create(Tenant tenant, ClientSpec spec) {
        String clientId = spec.clientId().orElseGet(() -> java.util.UUID.randomUUID().toString());
        if (clients.findByClientId(clientId).isPresent()) {
            // client_id is global (it decides the tenant); say only that it is taken, never where
            throw ProblemException.conflict("client_id '" + clientId + "' is already taken.");
        }
        Instant now = clock.instant();
        ClientType type = spec.type().orElseThrow();
        Client client = new Client(tenant, clientId, spec.name().orElseThrow(), type, now);
        apply(client, spec, now);
        Optional<String> secret = Optional.empty();
        if (type == ClientType.CONFIDENTIAL) {
            secret = Optional.of(ClientSecrets.generate());
            client.setSecretHash(ClientSecrets.hash(secret.get()), now);
        }
        clients.add(client);
        events.fire(new ClientChange.Created(facts(client)));
        return new WithSecret(client, secret);
    }

    @Transactional
    public Page<Client> list(Tenant tenant, Page.Window window) {
        return new Page<>(clients.list(tenant.id(), window.limit(), window.offset()), clients.count(tenant.id()),
                window.limit(), window.offset());
    }

    /** The client of this tenant, or 404 — a client of another tenant does not exist for the caller. */
    @Transactional
    public Client get(Tenant tenant, String clientId) {
        return clients.findByClientId(clientId)
                .filter(client -> client.tenant().id().equals(tenant.id()))
                .orElseThrow(() -> ProblemException.notFound("Client '" + clientId + "'"));
    }

    /**
     * Applies the body of a PATCH to the client as it is now (see {@link #current}), checking the
     * rules that join fields against that same state.
     */
    @Transactional
    public Client update(Client found, IfMatch ifMatch, JsonNode changes) {
        Client client = current(found, ifMatch);
        apply(client, ClientSpec.forUpdate(changes, client), clock.instant());
        events.fire(new ClientChange.Updated(facts(client)));
        return client;
    }

    @Transactional
    public void delete(Client found, IfMatch ifMatch) {
        Client client = current(found, ifMatch);
        clients.remove(client);
        events.fire(new ClientChange.Deleted(facts(client)));
    }

    @Transactional
    public WithSecret rotateSecret(Client found, IfMatch ifMatch) {
        Client client = current(found, ifMatch);
        if (client.type() != ClientType.CONFIDENTIAL) {
            throw ProblemException.conflict("A public client has no secret to rotate.");
        }
        String secret = ClientSecrets.generate();
        client.setSecretHash(ClientSecrets.hash(secret), clock.instant());
        events.fire(new ClientChange.SecretRotated(facts(client)));
        return new WithSecret(client, Optional.of(secret));
    }

    @Transactional
    public List<Role> roles(Client client) {
        return client.roles().stream().sorted(java.util.Comparator.comparing(Role::name)).toList();
    }

    /** Assignments leave the client's version alone; its lock makes simultaneous ones take turns. */
    @Transactional
    public void assign(Client found, String roleName) {
        Client client = current(found, IfMatch.NONE);
        Role role = roles.get(client.tenant(), roleName);
        if (client.addRole(role)) {
            events.fire(RoleService.clientAssignment(true, role, client.clientId()));
        }
    }

    @Transactional
    public void unassign(Client found, String roleName) {
        Client client = current(found, IfMatch.NONE);
        Role role = roles.get(client.tenant(), roleName);
        if (client.removeRole(role)) {
            events.fire(RoleService.clientAssignment(false, role, client.clientId()));
        }
    }

    /**
     * The client as its row is now, locked until the change commits: a change made from a copy read
     * earlier would write back what another change committed meanwhile. 404 when it was deleted
     * meanwhile, 412 when If-Match names another version.
     */
    private Client current(Client found, IfMatch ifMatch) {
        Client client = clients.current(found).orElseThrow(() -> ProblemException.notFound("Client '" + found.clientId() + "'"));
        ifMatch.check(client.id(), client.version(), "Client '" + client.clientId() + "'");
        return client;
    }

    private static void apply(Client client, ClientSpec spec, Instant now) {
        spec.name().ifPresent(name -> client.rename(name, now));
        spec.redirectUris().ifPresent(uris -> client.setRedirectUris(uris, now));
        spec.postLogoutRedirectUris().ifPresent(uris -> client.setPostLogoutRedirectUris(uris, now));
        spec.grantTypes().ifPresent(grants -> client.setGrantTypes(grants, now));
        spec.scopes().ifPresent(scopes -> client.setScopes(scopes, now));
        spec.enabled().ifPresent(enabled -> client.setEnabled(enabled, now));
        spec.requirePkce().ifPresent(required -> client.setRequirePkce(required, now));
        spec.revokeRefreshTokensOnLogout().ifPresent(revoke -> client.setRevokeRefreshTokensOnLogout(revoke, now));
        spec.requireOfflineAccess().ifPresent(required -> client.setRequireOfflineAccess(required, now));
        spec.requireMfa().ifPresent(required -> client.setRequireMfa(required, now));
        spec.requirePasskey().ifPresent(required -> client.setRequirePasskey(required, now));
        spec.firstParty().ifPresent(firstParty -> client.setFirstParty(firstParty, now));
        // issue 18, back-channel logout
        spec.backchannelLogoutUri().ifPresent(uri -> client.setBackchannelLogoutUri(
                Optional.of(uri).filter(value -> !value.equals(ClientSpec.NO_URI)), now));
        spec.backchannelLogoutSessionRequired().ifPresent(required -> client.setBackchannelLogoutSessionRequired(required, now));
    }

    /** What the events of a client change say: its client_id, name, type, grants and state — never its secret or hash. */
    public static ClientChange.Facts facts(Client client) {
        return new ClientChange.Facts(client.tenant().id(), client.clientId(), client.name(), client.type().wireName(),
                client.grantTypes(), client.enabled(), client.firstParty());
    }

    /**
     * The client with this client_id, its tenant and roles loaded: in the caller's transaction, or
     * in a short one of its own (the login form's checks, before the password is hashed).
     */
    @Transactional
    public Optional<Client> findByClientId(String clientId) {
        return clients.findByClientId(clientId);
    }

    /** A client a sign-in may be for: a registered one, or a tenant's account pages ({@link ConsoleClients}). */
    @Transactional
    public Optional<Client> findForSignIn(String clientId) {
        return consoles.find(clientId).or(() -> clients.findByClientId(clientId));
    }
}
