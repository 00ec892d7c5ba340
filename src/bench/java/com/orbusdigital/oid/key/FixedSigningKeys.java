package com.orbusdigital.oid.key;

import com.orbusdigital.oid.crypto.SignatureProvider;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/** OID's key ring over one key, without a database: what SigningKeys holds once it has loaded. */
public class FixedSigningKeys extends SigningKeys {

    private final KeyRing ring;

    /** Signs with the key as {@code signatures}' provider holds it, as SigningKeys does. */
    public FixedSigningKeys(KeyPair rsa, Clock clock, SignatureProvider signatures) {
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) rsa.getPublic());
        jwk.setKeyId("bench-key");
        jwk.setAlgorithm("RS256");
        jwk.setUse("sig");
        String json = new JsonWebKeySet(jwk).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        this.ring = new KeyRing(List.of(new Signer(Instant.EPOCH, Optional.empty(), signatures.signer("bench-key", rsa.getPrivate()))),
                new Jwks(json.getBytes(StandardCharsets.UTF_8), 1), new JwksVerificationKeyResolver(List.of(jwk)), clock, "bench");
    }

    @Override
    public KeyRing ring() {
        return ring;
    }
}
