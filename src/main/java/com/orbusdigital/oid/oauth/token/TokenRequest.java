package com.orbusdigital.oid.oauth.token;

import com.orbusdigital.oid.oauth.ClientCredentials;
import com.orbusdigital.oid.oauth.FormParameters;

/** A parsed token request: its form parameters and how the client identified itself. */
public record TokenRequest(String grantType, FormParameters parameters, ClientCredentials credentials) {}
