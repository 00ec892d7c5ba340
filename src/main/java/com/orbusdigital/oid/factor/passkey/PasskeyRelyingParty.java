package com.orbusdigital.oid.factor.passkey;

import com.orbusdigital.oid.config.OidConfig;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Who the passkeys belong to: the RP ID they are scoped to (the issuer's host, or the parent domain
 * OID_WEBAUTHN_RP_ID names) and the one origin whose pages may use them (the issuer's: OID's own
 * pages are the only ones that ask).
 *
 * @param id     the RP ID, e.g. "id.example.com"
 * @param origin e.g. "https://id.example.com" (no path, the port only when not the default)
 */
public record PasskeyRelyingParty(String id, String origin) {

    public PasskeyRelyingParty {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(origin, "origin");
    }

    public static PasskeyRelyingParty of(OidConfig config) {
        URI issuer = URI.create(config.issuer().value());
        String scheme = issuer.getScheme().toLowerCase(Locale.ROOT);
        int port = issuer.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        String origin = scheme + "://" + issuer.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        return new PasskeyRelyingParty(config.webauthnRpId(), origin);
    }
}
