package com.orbusdigital.oid.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.config.TrustedProxies;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private static ClientAddress trusting(String... blocks) {
        return new ClientAddress(TrustedProxies.parse(Arrays.asList(blocks)));
    }

    /** The resolved client as ClientAddress's bucket key shows it ("unreadable" when there is none). */
    private static String client(ClientAddress resolver, String peer, String... forwardedFor) {
        Optional<InetAddress> client = resolver.resolve(peer, List.of(forwardedFor));
        return client.map(InetAddress::getHostAddress).orElse(ClientAddress.UNREADABLE);
    }

    @Nested
    class WithoutTrustedProxies {

        private final ClientAddress resolver = trusting();

        @Test
        void theSocketPeerIsTheClient() {
            assertThat(client(resolver, "203.0.113.7")).isEqualTo("203.0.113.7");
        }

        @Test
        void forwardedForIsIgnoredWhateverItSays() {
            assertThat(client(resolver, "203.0.113.7", "6.6.6.6")).isEqualTo("203.0.113.7");
            assertThat(client(resolver, "127.0.0.1", "6.6.6.6, 7.7.7.7", "8.8.8.8")).isEqualTo("127.0.0.1");
        }

        @Test
        void ipv6PeersAreReadInAnySpelling() {
            assertThat(client(resolver, "0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0:0:0:0:1");
            assertThat(client(resolver, "2001:db8::7")).isEqualTo("2001:db8:0:0:0:0:0:7");
            assertThat(client(resolver, "fe80:0:0:0:0:0:0:1%eth0")).isEqualTo("fe80:0:0:0:0:0:0:1");
        }

        @Test
        void aPeerThatIsNoAddressIsUnreadable() {
            assertThat(client(resolver, "")).isEqualTo(ClientAddress.UNREADABLE);
            assertThat(client(resolver, null)).isEqualTo(ClientAddress.UNREADABLE);
            assertThat(resolver.isTrustedProxy("127.0.0.1")).isFalse();
        }
    }

    @Nested
    class BehindTrustedProxies {

        private final ClientAddress resolver = trusting("127.0.0.1/32", "10.0.0.0/8", "::1/128", "2001:db8:ffff::/48");

        @Test
        void theRightMostForwardedAddressIsTheClient() {
            assertThat(client(resolver, "127.0.0.1", "6.6.6.6")).isEqualTo("6.6.6.6");
            assertThat(resolver.isTrustedProxy("127.0.0.1")).isTrue();
        }

        @Test
        void trustedProxiesInTheChainAreSkipped() {
            assertThat(client(resolver, "127.0.0.1", "6.6.6.6, 10.0.0.9")).isEqualTo("6.6.6.6");
            assertThat(client(resolver, "10.0.0.1", "6.6.6.6, 10.0.0.9, 10.1.1.1")).isEqualTo("6.6.6.6");
        }

        @Test
        void whatTheClientWroteLeftOfItselfIsNeverRead() {
            assertThat(client(resolver, "127.0.0.1", "1.1.1.1, 6.6.6.6, 10.0.0.9")).isEqualTo("6.6.6.6");
            // a client claiming to be a trusted proxy gains nothing: the proxy appends its real address
            assertThat(client(resolver, "127.0.0.1", "10.0.0.5, 6.6.6.6")).isEqualTo("6.6.6.6");
        }

        @Test
        void aChainOfOnlyTrustedProxiesEndsAtItsLeftMostEntry() {
            assertThat(client(resolver, "127.0.0.1", "10.0.0.1, 10.0.0.2")).isEqualTo("10.0.0.1");
            assertThat(client(resolver, "127.0.0.1", "10.0.0.1")).isEqualTo("10.0.0.1");
        }

        @Test
        void noOrEmptyForwardedForLeavesThePeer() {
            assertThat(client(resolver, "127.0.0.1")).isEqualTo("127.0.0.1");
            assertThat(client(resolver, "127.0.0.1", "")).isEqualTo("127.0.0.1");
            assertThat(client(resolver, "127.0.0.1", ",,")).isEqualTo("127.0.0.1");
        }

        @Test
        void severalHeaderLinesAreOneList() {
            assertThat(client(resolver, "127.0.0.1", "6.6.6.6", "10.0.0.9")).isEqualTo("6.6.6.6");
            assertThat(client(resolver, "127.0.0.1", "1.1.1.1, 2.2.2.2", "10.0.0.9")).isEqualTo("2.2.2.2");
        }

        @Test
        void whitespaceAroundEntriesIsIgnored() {
            assertThat(client(resolver, "127.0.0.1", "  6.6.6.6 ,10.0.0.9  ")).isEqualTo("6.6.6.6");
            assertThat(client(resolver, "127.0.0.1", "6.6.6.6,\t10.0.0.9")).isEqualTo("6.6.6.6");
            assertThat(client(resolver, "127.0.0.1", "6.6.6.6,")).isEqualTo("6.6.6.6");
        }

        @Test
        void anEntryThatIsNoAddressEndsTheWalkUnreadable() {
            assertThat(client(resolver, "127.0.0.1", "6.6.6.6, garbage, 10.0.0.9")).isEqualTo(ClientAddress.UNREADABLE);
            assertThat(client(resolver, "127.0.0.1", "6.6.6.6, , 10.0.0.9")).isEqualTo(ClientAddress.UNREADABLE);
            assertThat(client(resolver, "127.0.0.1", "localhost")).isEqualTo(ClientAddress.UNREADABLE);
            assertThat(client(resolver, "127.0.0.1", "6.6.6.6:4711")).isEqualTo(ClientAddress.UNREADABLE);
            assertThat(client(resolver, "127.0.0.1", "006.6.6.6")).isEqualTo(ClientAddress.UNREADABLE);
            assertThat(client(resolver, "127.0.0.1", "unknown")).isEqualTo(ClientAddress.UNREADABLE);
            // garbage beyond the client is never reached
            assertThat(client(resolver, "127.0.0.1", "garbage, 6.6.6.6")).isEqualTo("6.6.6.6");
        }

        @Test
        void readsIpv6Clients() {
            assertThat(client(resolver, "::1", "2001:db8:1::7")).isEqualTo("2001:db8:1:0:0:0:0:7");
            assertThat(client(resolver, "0:0:0:0:0:0:0:1", "[2001:db8:1::7]")).isEqualTo("2001:db8:1:0:0:0:0:7");
            assertThat(client(resolver, "127.0.0.1", "2001:db8:1::7, 2001:db8:ffff::1")).isEqualTo("2001:db8:1:0:0:0:0:7");
            assertThat(client(resolver, "::1", "::ffff:6.6.6.6")).isEqualTo("6.6.6.6");
            assertThat(client(resolver, "127.0.0.1", "fe80::1%eth0")).isEqualTo("fe80:0:0:0:0:0:0:1");
        }

        @Test
        void anUntrustedPeerIsTheClientEvenWithAForwardedFor() {
            assertThat(client(resolver, "203.0.113.7", "6.6.6.6")).isEqualTo("203.0.113.7");
            assertThat(resolver.isTrustedProxy("203.0.113.7")).isFalse();
            assertThat(resolver.isTrustedProxy("not an address")).isFalse();
        }
    }

    @Test
    void countsIpv4AddressesOneByOneAndIpv6ByTheir64Network() {
        assertThat(ClientAddress.bucketKey(TrustedProxies.address("6.6.6.6"))).isEqualTo("6.6.6.6");
        assertThat(ClientAddress.bucketKey(TrustedProxies.address("2001:db8:1:2:aaaa::1")))
                .isEqualTo(ClientAddress.bucketKey(TrustedProxies.address("2001:db8:1:2:bbbb::2")))
                .isEqualTo("2001:0db8:0001:0002::/64");
        assertThat(ClientAddress.bucketKey(TrustedProxies.address("2001:db8:1:3::1"))).isEqualTo("2001:0db8:0001:0003::/64");
        assertThat(ClientAddress.bucketKey(Optional.empty())).isEqualTo("unreadable");
    }
}
