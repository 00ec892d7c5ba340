package com.orbusdigital.oid.token;

import com.orbusdigital.oid.client.ClientSnapshot;
import com.orbusdigital.oid.user.UserSnapshot;
import java.util.List;
import java.util.Optional;

/**
 * Who holds a valid access token now: the client it was issued to and, for a user's token, the user,
 * as this replica knows them at the moment of verification (not as the token's claims described them).
 */
public record TokenHolder(ClientSnapshot client, Optional<UserSnapshot> user) {

    /** The roles the holder has now: the user's for a user's token, else the client's. */
    public List<String> roles() {
        return user.map(UserSnapshot::roles).orElse(client.roles());
    }
}
