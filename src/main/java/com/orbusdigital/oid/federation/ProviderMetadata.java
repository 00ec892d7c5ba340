package com.orbusdigital.oid.federation;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each provider's endpoints and keys, kept by this replica: its discovery document (or the endpoints
 * its row names) read once an hour, and its JWKS cached and read again when an ID token names a
 * {@code kid} it lacks — at most once every {@link #JWKS_REFRESH_MIN_INTERVAL}, so that tokens
 * naming made-up kids do not make OID hammer the provider. Every request to the provider has a
 * bounded connect and read time ({@link #TIMEOUT}): a provider that is down or never answers costs
 * the person a few seconds and an error page, never a hung request. A change of the provider's row
 * (its version) drops what was kept.
 */
@ApplicationScoped
public class ProviderMetadata {

    /** Connect and read timeout of each request to a provider. */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);
    static final Duration METADATA_LIFETIME = Duration.ofHours(1);
    static final Duration JWKS_LIFETIME = Duration.ofHours(1);
    static final Duration JWKS_REFRESH_MIN_INTERVAL = Duration.ofSeconds(30);
    /** The signatures accepted on a provider's tokens: never none, never a shared-secret MAC. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    /** The skew allowed on exp and iat. */
    static final int CLOCK_SKEW_SECONDS = 60;
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;

    /** What the sign-in needs of a provider. */
    public record Endpoints(URI authorization, URI token, Optional<URI> userinfo, URI jwks, boolean issParameterRequired,
                            IDTokenValidator idTokens, LogoutTokenValidator logoutTokens) {}

    private record Kept(long version, Instant readAt, Endpoints endpoints) {}

    private final Map<UUID, Kept> kept = new ConcurrentHashMap<>();
    private Clock clock;

    protected ProviderMetadata() {
        // for the CDI proxy
    }

    @Inject
    public ProviderMetadata(Clock clock) {
        this.clock = clock;
    }

    /** The provider's endpoints and validators; read from the provider when not kept, or kept too long. */
    public Endpoints of(UpstreamProvider provider) {
        Instant now = clock.instant();
        Kept known = kept.get(provider.id());
        if (known != null && known.version() == provider.version() && known.readAt().plus(METADATA_LIFETIME).isAfter(now)) {
            return known.endpoints();
        }
        Endpoints endpoints = read(provider);
        kept.put(provider.id(), new Kept(provider.version(), now, endpoints));
        return endpoints;
    }

    /** The authorization endpoint already known for this provider, without asking it (the login page's CSP). */
    public Optional<URI> known(UpstreamProvider provider) {
        Kept known = kept.get(provider.id());
        return known != null && known.version() == provider.version() ? Optional.of(known.endpoints().authorization()) : Optional.empty();
    }

    private static Endpoints read(UpstreamProvider provider) {
        Issuer issuer = new Issuer(provider.issuer());
        if (!provider.discovery()) {
            return endpoints(provider, provider.authorizationEndpoint().orElseThrow(), provider.tokenEndpoint().orElseThrow(),
                    provider.userinfoEndpoint(), provider.jwksUri().orElseThrow(), false);
        }
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.resolve(issuer, (int) TIMEOUT.toMillis(), (int) TIMEOUT.toMillis());
        } catch (IOException e) {
            throw new FederationFailure(FederationFailure.Reason.UNAVAILABLE, "discovery of " + provider + " failed", e);
        } catch (GeneralException e) {
            // Nimbus checks the document's issuer against the one asked for
            throw new FederationFailure(FederationFailure.Reason.UNAVAILABLE, "discovery document of " + provider + " is not usable", e);
        }
        if (!issuer.equals(metadata.getIssuer()) || metadata.getAuthorizationEndpointURI() == null || metadata.getTokenEndpointURI() == null
                || metadata.getJWKSetURI() == null) {
            throw new FederationFailure(FederationFailure.Reason.UNAVAILABLE, "discovery document of " + provider
                    + " names another issuer or lacks an endpoint");
        }
        // the row's explicit endpoints win over discovery's (an administrator's override)
        return endpoints(provider, provider.authorizationEndpoint().orElse(metadata.getAuthorizationEndpointURI()),
                provider.tokenEndpoint().orElse(metadata.getTokenEndpointURI()),
                provider.userinfoEndpoint().or(() -> Optional.ofNullable(metadata.getUserInfoEndpointURI())),
                provider.jwksUri().orElse(metadata.getJWKSetURI()), metadata.supportsAuthorizationResponseIssuerParam());
    }

    private static Endpoints endpoints(UpstreamProvider provider, URI authorization, URI token, Optional<URI> userinfo, URI jwks,
                                       boolean issParameterRequired) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(jwks.toURL(), new DefaultResourceRetriever((int) TIMEOUT.toMillis(),
                            (int) TIMEOUT.toMillis(), JWKS_SIZE_LIMIT))
                    .cache(JWKS_LIFETIME.toMillis(), TIMEOUT.toMillis() * 2)
                    .rateLimited(JWKS_REFRESH_MIN_INTERVAL.toMillis())
                    .retrying(false)
                    .refreshAheadCache(false)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new FederationFailure(FederationFailure.Reason.UNAVAILABLE, "jwks_uri of " + provider + " is not a URL", e);
        }
        Issuer issuer = new Issuer(provider.issuer());
        ClientID clientId = new ClientID(provider.clientId());
        IDTokenValidator idTokens = new IDTokenValidator(issuer, clientId, new JWSVerificationKeySelector<>(ALGORITHMS, keys), null);
        idTokens.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        LogoutTokenValidator logoutTokens = new LogoutTokenValidator(issuer, clientId, true,
                new JWSVerificationKeySelector<>(ALGORITHMS, keys), null);
        logoutTokens.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        return new Endpoints(authorization, token, userinfo, jwks, issParameterRequired, idTokens, logoutTokens);
    }
}
