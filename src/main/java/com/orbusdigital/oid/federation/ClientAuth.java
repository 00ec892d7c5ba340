package com.orbusdigital.oid.federation;

import java.util.Arrays;
import java.util.Optional;

/** How OID authenticates to an upstream provider's token endpoint (OpenID Connect Core §9). */
public enum ClientAuth {
    CLIENT_SECRET_BASIC("client_secret_basic", true),
    CLIENT_SECRET_POST("client_secret_post", true),
    /** Signed with OID's own signing key, which the provider reads from OID's JWKS. */
    PRIVATE_KEY_JWT("private_key_jwt", false),
    /** A public client: PKCE alone. */
    NONE("none", false);

    private final String wireName;
    private final boolean usesSecret;

    ClientAuth(String wireName, boolean usesSecret) {
        this.wireName = wireName;
        this.usesSecret = usesSecret;
    }

    /** As the admin API and the column say it. */
    public String wireName() {
        return wireName;
    }

    /** Whether a client secret is stored (sealed) for it: exactly the two client_secret_* methods. */
    public boolean usesSecret() {
        return usesSecret;
    }

    public static Optional<ClientAuth> of(String wireName) {
        return Arrays.stream(values()).filter(auth -> auth.wireName.equals(wireName)).findFirst();
    }

    static String choices() {
        return String.join(", ", Arrays.stream(values()).map(ClientAuth::wireName).toList());
    }
}
