package com.orbusdigital.oid.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jose4j.json.JsonUtil;

/**
 * Signs JWTs with one RSA key as RS256 JWS compact serializations (RFC 7515 §7.1): {@code
 * BASE64URL(header) . BASE64URL(payload) . BASE64URL(signature)}. Made once per key when the key
 * ring loads: the header of each token type is encoded once, and initialized {@link Signature}s are
 * kept for reuse ({@code sign()} leaves one ready for the next input), so a token costs the
 * signature and little else. Thread-safe: a signature is used by one thread at a time, and there
 * are never more than the threads that signed at once.
 */
public final class Rs256Signer {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String ALGORITHM = "SHA256withRSA";

    private final String kid;
    private final PrivateKey key;
    private final Provider provider;
    private final Queue<Signature> idle = new ConcurrentLinkedQueue<>();
    private final Map<String, String> encodedHeaders = new ConcurrentHashMap<>();

    /**
     * @param key      as {@code provider} holds it (see {@link SignatureProvider#forSigning})
     * @param provider the provider that signs, or null for the JDK's choice
     */
    Rs256Signer(String kid, PrivateKey key, Provider provider) {
        this.kid = kid;
        this.key = key;
        this.provider = provider;
    }

    public String kid() {
        return kid;
    }

    /** The signed token: header {@code {"alg":"RS256","kid":…,"typ":type}}, the payload as given. */
    public String sign(String type, String payloadJson) {
        String header = encodedHeaders.computeIfAbsent(type, this::encodedHeader);
        String signingInput = header + "." + BASE64URL.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + BASE64URL.encodeToString(signature(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private String encodedHeader(String type) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("kid", kid);
        header.put("typ", type);
        return BASE64URL.encodeToString(JsonUtil.toJson(header).getBytes(StandardCharsets.UTF_8));
    }

    private byte[] signature(byte[] input) {
        try {
            Signature signature = idle.poll();
            if (signature == null) {
                signature = provider == null ? Signature.getInstance(ALGORITHM) : Signature.getInstance(ALGORITHM, provider);
                signature.initSign(key);
            }
            signature.update(input);
            byte[] value = signature.sign();
            idle.offer(signature); // only after a success: a failed one may be in any state
            return value;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RS256 signing with key " + kid + " failed", e);
        }
    }
}
