package com.orbusdigital.oid.oauth.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.orbusdigital.oid.config.Issuer;
import com.orbusdigital.oid.config.ConfigSource;
import com.orbusdigital.oid.config.OidConfig;
import com.orbusdigital.oid.crypto.Rs256SignBenchmark;
import com.orbusdigital.oid.key.FixedSigningKeys;
import com.orbusdigital.oid.oauth.jwks.JwksResource;
import com.orbusdigital.oid.web.PrebuiltJson;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Variant;
import com.orbusdigital.oid.crypto.SignatureProvider;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JWKS and discovery resources' own work per request (the documents are serialised once:
 * per request they answer pre-built bytes with ETag and Cache-Control, whose header values
 * Jersey renders), and for comparison the serialisation a rebuild costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WellKnownDocumentsBenchmark {

    private static final CacheControl CACHE = CacheControl.valueOf("public, max-age=3600");
    private final ObjectMapper json = new ObjectMapper();
    private JwksResource jwks;
    private PrebuiltJson discovery;
    private Issuer issuer;
    private final Request unconditional = new Unconditional();

    @Setup
    public void setUp() throws Exception {
        OidConfig config = OidConfig.load(ConfigSource.of(Map.of("JWT_ISSUER", "https://oid.example.com")), true);
        issuer = config.issuer();
        jwks = new JwksResource(new FixedSigningKeys(Rs256SignBenchmark.BenchmarkKeys.RSA, Clock.systemUTC(), new SignatureProvider()));
        discovery = new PrebuiltJson(serialiseDiscovery());
    }

    @Benchmark
    public Object jwksPerRequest() {
        return jwks.get(unconditional).getStringHeaders();
    }

    @Benchmark
    public Object discoveryPerRequest() {
        return discovery.respond(unconditional, CACHE).getStringHeaders();
    }

    @Benchmark
    public byte[] discoveryRebuild() throws Exception {
        return serialiseDiscovery();
    }

    private byte[] serialiseDiscovery() throws Exception {
        return json.writeValueAsBytes(DiscoveryResource.metadata(issuer,
                List.of("authorization_code", "client_credentials", "refresh_token")));
    }

    /** A GET without If-None-Match or If-Match: every precondition holds. */
    private static final class Unconditional implements Request {
        @Override public String getMethod() { return "GET"; }
        @Override public Variant selectVariant(List<Variant> variants) { return null; }
        @Override public Response.ResponseBuilder evaluatePreconditions(EntityTag eTag) { return null; }
        @Override public Response.ResponseBuilder evaluatePreconditions(Date lastModified) { return null; }
        @Override public Response.ResponseBuilder evaluatePreconditions(Date lastModified, EntityTag eTag) { return null; }
        @Override public Response.ResponseBuilder evaluatePreconditions() { return null; }
    }
}
