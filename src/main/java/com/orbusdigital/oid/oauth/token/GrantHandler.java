package com.orbusdigital.oid.oauth.token;

import com.orbusdigital.oid.client.ClientSnapshot;

/**
 * One OAuth grant. The token endpoint has already parsed the request, authenticated the client
 * and checked that the client may use this grant.
 */
public interface GrantHandler {

    /** The {@code grant_type} value this handler answers. */
    String grantType();

    TokenResponse handle(TokenRequest request, ClientSnapshot client);
}
