package com.orbusdigital.oid.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.orbusdigital.oid.config.ConfigSource;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.config.Secret;
import com.orbusdigital.oid.key.FixedSigningKeys;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relying party against a real OpenID provider in this JVM (mock-oauth2-server): the token
 * endpoint's answer is an ID token this test shapes (signed by the provider's own key through the
 * server, or by a key of the test's), so that each check of the ID token is seen to refuse.
 */
class RelyingPartyTest {

    private static final String CLIENT_ID = "oid-client";
    private static final String ISSUER_ID = "tenant-x";
    private static final Clock CLOCK = Clock.systemUTC();
    private static final byte[] SEAL_KEY = new byte[32];

    private static final String VERIFIER = "a-pkce-code-verifier-of-more-than-forty-three-characters";

    private static MockOAuth2Server upstream;
    private static ServerSocket silent;
    /** The provider's token endpoint, answering what the test says (the mock's own cannot be told). */
    private static HttpServer tokenEndpoint;
    private static volatile int status = 200;
    private static volatile String body = "{}";
    private static volatile String lastTokenRequest = "";

    private RelyingParty relyingParty;
    private UpstreamProvider provider;
    private String nonce;

    @BeforeAll
    static void start() throws Exception {
        upstream = new MockOAuth2Server();
        upstream.start(InetAddress.getByName("127.0.0.1"), 0);
        silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        tokenEndpoint = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        tokenEndpoint.createContext("/token", exchange -> {
            lastTokenRequest = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        tokenEndpoint.start();
    }

    @AfterAll
    static void stop() throws Exception {
        upstream.shutdown();
        silent.close();
        tokenEndpoint.stop(0);
    }

    @BeforeEach
    void setUp() throws Exception {
        OidConfig config = OidConfig.load(ConfigSource.of(Map.of("JWT_ISSUER", "https://oid.example",
                "DATABASE_URL", "postgres://ods:pw@db:5432/ods?search_path=oid")), false);
        relyingParty = new RelyingParty(new ProviderMetadata(CLOCK), new ProviderSecretSeal(SEAL_KEY), new FixedSigningKeys(CLOCK), config,
                CLOCK);
        provider = explicit(UUID.randomUUID(), tokenUri(), UpstreamProvider.ClientAuth.NONE, Optional.empty());
        nonce = relyingParty.authenticationRequest(provider, Optional.of("grace@corp.example")).nonce();
        status = 200;
    }

    @Test
    void theAuthenticationRequestIsACodeFlowWithPkceStateNonceAndTheCallbackOfThisProvider() {
        RelyingParty.Sent sent = relyingParty.authenticationRequest(provider, Optional.of("grace@corp.example"));
        String query = URLDecoder.decode(sent.location().getRawQuery(), StandardCharsets.UTF_8);
        assertThat(sent.location().toString()).startsWith(upstream.authorizationEndpointUrl(ISSUER_ID).toString());
        assertThat(query).contains("response_type=code", "client_id=" + CLIENT_ID, "code_challenge_method=S256", "state=" + sent.state(),
                "nonce=" + sent.nonce(), "login_hint=grace@corp.example",
                "redirect_uri=https://oid.example/login/federation/" + provider.id() + "/callback");
        assertThat(query).contains("scope=openid email profile");
        assertThat(sent.codeVerifier()).hasSizeGreaterThanOrEqualTo(43);
    }

    @Test
    void aValidIdTokenGivesItsSubjectClaimsAndAmr() {
        answer(upstream.issueToken(ISSUER_ID, CLIENT_ID, callback(List.of(CLIENT_ID), Map.of("nonce", nonce, "amr", List.of("pwd", "mfa"),
                "preferred_username", "grace", "email_verified", true, "sid", "upstream-session"), 300)).serialize());
        UpstreamIdentity identity = relyingParty.exchange(provider, "code", Optional.of(provider.issuer()), nonce, VERIFIER);
        assertThat(identity.subject()).isEqualTo("grace-sub");
        assertThat(identity.text("preferred_username")).contains("grace");
        assertThat(identity.emailVerified()).isTrue();
        assertThat(identity.amr()).containsExactly("pwd", "mfa");
        assertThat(identity.sid()).contains("upstream-session");
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() {
        answer(upstream.issueToken(ISSUER_ID, CLIENT_ID, callback(List.of(CLIENT_ID), Map.of("nonce", "another"), 300)).serialize());
        assertRefused(FederationFailure.Reason.INVALID);
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused() {
        answer(upstream.issueToken(ISSUER_ID, CLIENT_ID, callback(List.of("another-client"), Map.of("nonce", nonce), 300)).serialize());
        assertRefused(FederationFailure.Reason.INVALID);
    }

    @Test
    void anExpiredIdTokenIsRefused() throws Exception {
        // signed by the provider, expired five minutes ago (beyond the minute of skew)
        SignedJWT expired = upstream.issueToken(ISSUER_ID, CLIENT_ID, callback(List.of(CLIENT_ID), Map.of("nonce", nonce), -300));
        assertThat(expired.getJWTClaimsSet().getExpirationTime()).isBefore(new Date());
        answer(expired.serialize());
        assertRefused(FederationFailure.Reason.INVALID);
    }

    @Test
    void anIdTokenOfAnotherIssuerIsRefused() {
        answer(upstream.issueToken("another-issuer", CLIENT_ID, callback(List.of(CLIENT_ID), Map.of("nonce", nonce), 300)).serialize());
        assertRefused(FederationFailure.Reason.INVALID);
    }

    @Test
    void aSignatureByAKeyThatIsNotTheProvidersIsRefusedUnderItsKidAsUnderAnUnknownOne() throws Exception {
        SignedJWT valid = upstream.issueToken(ISSUER_ID, CLIENT_ID, callback(List.of(CLIENT_ID), Map.of("nonce", nonce), 300));
        answer(signedByAnotherKey(valid.getHeader().getKeyID(), claims(Instant.now(), Instant.now().plusSeconds(300))));
        assertRefused(FederationFailure.Reason.INVALID);
        answer(signedByAnotherKey("a-kid-the-jwks-lacks", claims(Instant.now(), Instant.now().plusSeconds(300))));
        assertRefused(FederationFailure.Reason.INVALID);
    }

    @Test
    void anUnsignedOrSharedSecretIdTokenIsRefused() throws Exception {
        JWTClaimsSet claims = claims(Instant.now(), Instant.now().plusSeconds(300));
        answer(new PlainJWT(claims).serialize());
        assertRefused(FederationFailure.Reason.INVALID);
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        hmac.sign(new MACSigner(new byte[32]));
        answer(hmac.serialize());
        assertRefused(FederationFailure.Reason.INVALID);
    }

    @Test
    void anAnswerOfAnotherIssuerOrWithoutIssWhenPromisedIsRefusedBeforeTheCodeIsSpent() {
        assertThatThrownBy(() -> relyingParty.exchange(provider, "code", Optional.of("https://evil.example"), nonce, VERIFIER))
                .isInstanceOfSatisfying(FederationFailure.class, failure -> assertThat(failure.reason())
                        .isEqualTo(FederationFailure.Reason.INVALID));
    }

    @Test
    void theTokenEndpointsRefusalIsARefusal() {
        status = 400;
        body = "{\"error\":\"invalid_grant\",\"error_description\":\"<script>nope</script>\"}";
        assertThatThrownBy(() -> relyingParty.exchange(provider, "code", Optional.empty(), nonce, VERIFIER))
                .isInstanceOfSatisfying(FederationFailure.class, failure -> {
                    assertThat(failure.reason()).isEqualTo(FederationFailure.Reason.REFUSED);
                    assertThat(failure.getMessage()).contains("invalid_grant").doesNotContain("script");
                });
    }

    @Test
    void aProviderThatNeverAnswersFailsWithinSecondsAtDiscoveryAndAtTheTokenEndpoint() {
        UpstreamProvider hanging = provider(UUID.randomUUID(), "http://127.0.0.1:" + silent.getLocalPort() + "/x",
                UpstreamProvider.ClientAuth.NONE, Optional.empty(), false);
        long started = System.nanoTime();
        assertThatThrownBy(() -> relyingParty.authenticationRequest(hanging, Optional.empty()))
                .isInstanceOfSatisfying(FederationFailure.class, failure -> assertThat(failure.reason())
                        .isEqualTo(FederationFailure.Reason.UNAVAILABLE));
        UpstreamProvider slowToken = explicit(UUID.randomUUID(), URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/token"),
                UpstreamProvider.ClientAuth.NONE, Optional.empty());
        assertThatThrownBy(() -> relyingParty.exchange(slowToken, "code", Optional.empty(), nonce, VERIFIER))
                .isInstanceOfSatisfying(FederationFailure.class, failure -> assertThat(failure.reason())
                        .isEqualTo(FederationFailure.Reason.UNAVAILABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aClientSecretIsPostedOpenedFromItsSeal() throws Exception {
        UUID id = UUID.randomUUID();
        byte[] sealed = new ProviderSecretSeal(SEAL_KEY).seal(id, new Secret("upstream-secret-value"));
        UpstreamProvider confidential = explicit(id, tokenUri(), UpstreamProvider.ClientAuth.CLIENT_SECRET_POST, Optional.of(sealed));
        answer(upstream.issueToken(ISSUER_ID, CLIENT_ID, callback(List.of(CLIENT_ID), Map.of("nonce", nonce), 300)).serialize());
        relyingParty.exchange(confidential, "code", Optional.empty(), nonce, VERIFIER);
        assertThat(lastTokenRequest).contains("client_secret=upstream-secret-value", "code_verifier=" + VERIFIER, "grant_type=authorization_code");
    }

    @Test
    void privateKeyJwtIsSignedWithOidsKeyForTheTokenEndpoint() throws Exception {
        UpstreamProvider keyed = explicit(UUID.randomUUID(), tokenUri(), UpstreamProvider.ClientAuth.PRIVATE_KEY_JWT, Optional.empty());
        answer(upstream.issueToken(ISSUER_ID, CLIENT_ID, callback(List.of(CLIENT_ID), Map.of("nonce", nonce), 300)).serialize());
        relyingParty.exchange(keyed, "code", Optional.empty(), nonce, VERIFIER);
        String form = URLDecoder.decode(lastTokenRequest, StandardCharsets.UTF_8);
        assertThat(form).contains("client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        String assertion = form.replaceAll(".*client_assertion=([^&]+).*", "$1");
        JWTClaimsSet claims = SignedJWT.parse(assertion).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(CLIENT_ID);
        assertThat(claims.getSubject()).isEqualTo(CLIENT_ID);
        assertThat(claims.getAudience()).containsExactly(tokenUri().toString());
        assertThat(SignedJWT.parse(assertion).getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    }

    private void assertRefused(FederationFailure.Reason reason) {
        assertThatThrownBy(() -> relyingParty.exchange(provider, "code", Optional.empty(), nonce, VERIFIER))
                .isInstanceOfSatisfying(FederationFailure.class, failure -> {
                    assertThat(failure.reason()).isEqualTo(reason);
                    assertThat(failure.getMessage()).doesNotContain("eyJ");
                });
    }

    private static DefaultOAuth2TokenCallback callback(List<String> audience, Map<String, Object> claims, long expiry) {
        return new DefaultOAuth2TokenCallback(ISSUER_ID, "grace-sub", JOSEObjectType.JWT.getType(), audience, claims, expiry);
    }

    private JWTClaimsSet claims(Instant issuedAt, Instant expiresAt) {
        return new JWTClaimsSet.Builder().issuer(provider.issuer()).subject("grace-sub").audience(CLIENT_ID).claim("nonce", nonce)
                .issueTime(Date.from(issuedAt)).expirationTime(Date.from(expiresAt)).build();
    }

    private static String signedByAnotherKey(String kid, JWTClaimsSet claims) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID(kid).generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
        jwt.sign(new RSASSASigner(key));
        assertThat(new JWKSet(key).getKeys()).hasSize(1);
        return jwt.serialize();
    }

    /** The provider's next answer (the token endpoint's) carries this ID token. */
    private static void answer(String idToken) {
        status = 200;
        body = "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\"" + idToken + "\"}";
    }

    private static URI tokenUri() {
        return URI.create("http://127.0.0.1:" + tokenEndpoint.getAddress().getPort() + "/token");
    }

    /** The mock provider's issuer, authorization endpoint and JWKS, with the token endpoint given (no discovery). */
    private static UpstreamProvider explicit(UUID id, URI token, UpstreamProvider.ClientAuth auth, Optional<byte[]> secret) {
        return new UpstreamProvider(id, UUID.randomUUID(), "corp", "Corp", true, upstream.issuerUrl(ISSUER_ID).toString(), false,
                Optional.of(URI.create(upstream.authorizationEndpointUrl(ISSUER_ID).toString())), Optional.of(token), Optional.empty(),
                Optional.of(URI.create(upstream.jwksUrl(ISSUER_ID).toString())), CLIENT_ID, auth, secret, List.of("email", "profile"),
                "preferred_username", "email", "name", Optional.empty(), Map.of(), true, false, false, false, 0, Instant.EPOCH);
    }

    private static UpstreamProvider provider(UUID id, String issuer, UpstreamProvider.ClientAuth auth, Optional<byte[]> secret,
                                             boolean trustMfa) {
        return new UpstreamProvider(id, UUID.randomUUID(), "corp", "Corp", true, issuer, true, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), CLIENT_ID, auth, secret, List.of("email", "profile"), "preferred_username", "email",
                "name", Optional.empty(), Map.of(), true, false, false, trustMfa, 0, Instant.EPOCH);
    }
}
