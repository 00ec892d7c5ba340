package com.orbusdigital.oid.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.config.TrustedProxies;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.RemoteIpValve;
import org.apache.catalina.valves.ValveBase;
import org.junit.jupiter.api.Test;

/**
 * The client OID finds is the same whether or not Tomcat's RemoteIpValve rewrote the request first,
 * when the valve trusts the same proxies or fewer: run through the real valve of the Tomcat version
 * OID ships on.
 */
class ClientAddressValveTest {

    private static final ClientAddress OID = new ClientAddress(
            TrustedProxies.parse(List.of("127.0.0.1/32", "10.0.0.0/8", "::1/128")));
    /** The same proxies, as the valve's regular expression. */
    private static final String SAME = "127\\.0\\.0\\.1|10\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|0:0:0:0:0:0:0:1|::1";
    /** Only the nearest proxy. */
    private static final String FEWER = "127\\.0\\.0\\.1";

    private record Seen(String remoteAddr, List<String> forwardedFor) {}

    private static final Seen EMPTY_ENTRY = new Seen("127.0.0.1", List.of("6.6.6.6, , 10.0.0.9"));

    /** Peer and X-Forwarded-For lines of requests from the limiter's tests, and a few nastier ones. */
    private static final List<Seen> REQUESTS = List.of(
            new Seen("203.0.113.7", List.of()),
            new Seen("203.0.113.7", List.of("6.6.6.6")),
            new Seen("127.0.0.1", List.of()),
            new Seen("127.0.0.1", List.of("")),
            new Seen("127.0.0.1", List.of(",,")),
            new Seen("127.0.0.1", List.of("6.6.6.6")),
            new Seen("127.0.0.1", List.of("6.6.6.6, 10.0.0.9")),
            new Seen("127.0.0.1", List.of("1.1.1.1, 6.6.6.6, 10.0.0.9")),
            new Seen("127.0.0.1", List.of("10.0.0.5, 6.6.6.6")),
            new Seen("127.0.0.1", List.of("10.0.0.1, 10.0.0.2")),
            new Seen("127.0.0.1", List.of("10.0.0.1")),
            new Seen("10.0.0.3", List.of("6.6.6.6, 10.0.0.9, 10.1.1.1")),
            new Seen("127.0.0.1", List.of("1.1.1.1, 2.2.2.2", "10.0.0.9")),
            new Seen("127.0.0.1", List.of("", "6.6.6.6")),
            new Seen("127.0.0.1", List.of("  6.6.6.6 ,10.0.0.9  ")),
            new Seen("127.0.0.1", List.of("6.6.6.6,")),
            new Seen("127.0.0.1", List.of(",6.6.6.6")),
            new Seen("127.0.0.1", List.of("6.6.6.6, garbage, 10.0.0.9")),
            EMPTY_ENTRY,
            new Seen("127.0.0.1", List.of("garbage, 6.6.6.6")),
            new Seen("127.0.0.1", List.of("6.6.6.6:4711, 10.0.0.9")),
            new Seen("127.0.0.1", List.of("2001:db8:1::7, ::1")),
            new Seen("127.0.0.1", List.of("::ffff:6.6.6.6")),
            new Seen("127.0.0.1", List.of("0:0:0:0:0:0:0:1, 10.0.0.2")),
            new Seen("0:0:0:0:0:0:0:1", List.of("2001:db8:1::7")),
            new Seen("::1", List.of("6.6.6.6, 10.0.0.9")));

    @Test
    void findsTheSameClientAfterAValveTrustingTheSameProxies() throws Exception {
        for (Seen request : REQUESTS) {
            Seen afterValve = throughValve(SAME, request);
            assertThat(resolve(afterValve)).as("%s, after the valve: %s", request, afterValve).isEqualTo(resolve(request));
        }
    }

    @Test
    void findsTheSameClientAfterAValveTrustingFewerProxies() throws Exception {
        for (Seen request : REQUESTS) {
            if (request.equals(EMPTY_ENTRY)) {
                continue; // the one known difference, below
            }
            Seen afterValve = throughValve(FEWER, request);
            assertThat(resolve(afterValve)).as("%s, after the valve: %s", request, afterValve).isEqualTo(resolve(request));
        }
    }

    /**
     * An empty entry in the middle of the chain (only a broken proxy writes one) makes the client
     * unreadable, as the valve itself decides when it reaches it; but a valve that stops before it
     * writes the rest of the header back without the trailing empty entry, and the client behind
     * it is read instead.
     */
    @Test
    void anEmptyEntryBeyondAValveTrustingFewerProxiesIsTheOneDifference() throws Exception {
        assertThat(resolve(EMPTY_ENTRY)).isEqualTo(ClientAddress.UNREADABLE);
        assertThat(resolve(throughValve(SAME, EMPTY_ENTRY))).isEqualTo(ClientAddress.UNREADABLE);
        assertThat(throughValve(FEWER, EMPTY_ENTRY)).isEqualTo(new Seen("10.0.0.9", List.of("6.6.6.6,")));
        assertThat(resolve(throughValve(FEWER, EMPTY_ENTRY))).isEqualTo("6.6.6.6");
    }

    @Test
    void theValveReallyRewritesTheRequests() throws Exception {
        assertThat(throughValve(SAME, new Seen("127.0.0.1", List.of("1.1.1.1, 6.6.6.6, 10.0.0.9"))))
                .isEqualTo(new Seen("6.6.6.6", List.of("1.1.1.1")));
        assertThat(throughValve(FEWER, new Seen("127.0.0.1", List.of("6.6.6.6, 10.0.0.9"))))
                .isEqualTo(new Seen("10.0.0.9", List.of("6.6.6.6")));
    }

    private static String resolve(Seen request) {
        return ClientAddress.bucketKey(OID.resolve(request.remoteAddr(), request.forwardedFor()));
    }

    private static Seen throughValve(String internalProxies, Seen incoming) throws Exception {
        RemoteIpValve valve = new RemoteIpValve();
        valve.setInternalProxies(internalProxies);
        AtomicReference<Seen> seen = new AtomicReference<>();
        valve.setNext(new ValveBase() {
            @Override
            public void invoke(Request request, Response response) {
                seen.set(new Seen(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For"))));
            }
        });
        Request request = new Request(new Connector());
        request.setCoyoteRequest(new org.apache.coyote.Request());
        request.setRemoteAddr(incoming.remoteAddr());
        for (String line : incoming.forwardedFor()) {
            request.getCoyoteRequest().getMimeHeaders().addValue("X-Forwarded-For").setString(line);
        }
        valve.invoke(request, null);
        return seen.get();
    }
}
