package com.orbusdigital.oid.oauth;

import com.orbusdigital.oid.client.ClientCache;
import com.orbusdigital.oid.client.ClientSecrets;
import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.protocol.OAuthException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Authenticates the client of a protocol request. Every failure is the same {@code invalid_client}
 * ("client authentication failed"), so a caller cannot tell an unknown client from a wrong secret,
 * a disabled client or a disabled tenant — and an unknown client costs the same hash as a known one.
 * Clients come from {@link ClientCache}, which holds every client: known or unknown, a client_id is
 * looked up without a database round trip, so the answer's time does not tell whether it exists.
 */
@ApplicationScoped
public class ClientAuthenticator {

    private static final String FAILED = "client authentication failed";

    private ClientCache clients;

    protected ClientAuthenticator() {
        // for the CDI proxy
    }

    @Inject
    public ClientAuthenticator(ClientCache clients) {
        this.clients = clients;
    }

    public ClientSnapshot authenticate(ClientCredentials credentials) {
        boolean basic = credentials.basicAttempted();
        String clientId = credentials.clientId()
                .orElseThrow(() -> OAuthException.invalidClient("client authentication is required", false));
        Optional<ClientSnapshot> found = clients.find(clientId);
        if (found.isEmpty()) {
            credentials.secret().ifPresent(ClientSecrets::verifyDummy);
            throw OAuthException.invalidClient(FAILED, basic);
        }
        ClientSnapshot client = found.get();
        boolean authenticated = switch (client.type()) {
            case CONFIDENTIAL -> credentials.secret()
                    .map(secret -> ClientSecrets.verify(secret, client.secretHash().orElse("")))
                    .orElse(false);
            // a public client has no secret to present; offering one is a misconfigured client
            case PUBLIC -> credentials.secret().isEmpty();
        };
        if (!authenticated || !client.enabled() || !client.tenantEnabled()) {
            throw OAuthException.invalidClient(FAILED, basic);
        }
        return client;
    }
}
