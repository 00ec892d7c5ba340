package com.orbusdigital.oid.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {

    private static OidConfig load(String trustedProxies) {
        Map<String, String> values = new HashMap<>(Map.of("JWT_ISSUER", "https://oid.example.com",
                "DATABASE_URL", "postgres://ods:pw@db:5432/ods?search_path=oid"));
        if (trustedProxies != null) {
            values.put("OID_TRUSTED_PROXIES", trustedProxies);
        }
        return OidConfig.load(ConfigSource.of(values), false);
    }

    private static InetAddress ip(String literal) {
        return TrustedProxies.address(literal).orElseThrow();
    }

    @Test
    void trustsNoProxyByDefault() {
        assertThat(load(null).trustedProxies()).isEqualTo(TrustedProxies.none());
        assertThat(load("  ").trustedProxies().isEmpty()).isTrue();
        assertThat(TrustedProxies.none().contains(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void readsIpv4AndIpv6BlocksAndSingleAddresses() {
        TrustedProxies proxies = load(" 10.0.0.0/8, 192.168.1.10 ,172.16.0.0/12,2001:db8::/32, ::1 ").trustedProxies();

        assertThat(proxies.blocks()).extracting(Object::toString).containsExactly(
                "10.0.0.0/8", "192.168.1.10/32", "172.16.0.0/12", "2001:db8:0:0:0:0:0:0/32", "0:0:0:0:0:0:0:1/128");
        assertThat(proxies.contains(ip("10.255.1.2"))).isTrue();
        assertThat(proxies.contains(ip("11.0.0.1"))).isFalse();
        assertThat(proxies.contains(ip("192.168.1.10"))).isTrue();
        assertThat(proxies.contains(ip("192.168.1.11"))).isFalse();
        assertThat(proxies.contains(ip("172.31.255.255"))).isTrue();
        assertThat(proxies.contains(ip("172.32.0.0"))).isFalse();
        assertThat(proxies.contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(proxies.contains(ip("2001:db9::1"))).isFalse();
        assertThat(proxies.contains(ip("::1"))).isTrue();
        assertThat(proxies.contains(ip("0:0:0:0:0:0:0:1"))).isTrue();
    }

    @Test
    void anIpv4MappedIpv6AddressIsTheIpv4Address() {
        TrustedProxies proxies = load("10.0.0.0/8").trustedProxies();

        assertThat(proxies.contains(ip("::ffff:10.1.2.3"))).isTrue();
    }

    @Test
    void zeroLengthPrefixesTrustEverythingOfTheirFamilyOnly() {
        TrustedProxies proxies = load("0.0.0.0/0").trustedProxies();

        assertThat(proxies.contains(ip("203.0.113.9"))).isTrue();
        assertThat(proxies.contains(ip("2001:db8::1"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/x", "10.0.0/8", "256.0.0.1",
            "010.0.0.1", "proxy.internal", "localhost", "10.0.0.0/8/8", "::ffff:10.0.0.0/104", "fe80::1%", "*", "1.2.3.4:80"})
    void refusesAnythingButAddressesAndBlocksNamingTheVariable(String entry) {
        assertThatThrownBy(() -> load("10.0.0.0/8," + entry))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("OID_TRUSTED_PROXIES ");
    }

    @Test
    void refusesHostBitsRatherThanWideningTheBlock() {
        assertThatThrownBy(() -> load("10.1.2.3/8"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("OID_TRUSTED_PROXIES has host bits set in '10.1.2.3/8' (did you mean 10.0.0.0/8?)");
    }

    @Test
    void readsAddressLiteralsOnlyNeverHostNames() {
        assertThat(TrustedProxies.address("localhost")).isEmpty(); // would be 127.0.0.1 if DNS were asked
        assertThat(TrustedProxies.address("example.com")).isEmpty();
        assertThat(TrustedProxies.address("")).isEmpty();
        assertThat(TrustedProxies.address("1.2.3")).isEmpty();
        assertThat(TrustedProxies.address("0x7f.1")).isEmpty();
        assertThat(TrustedProxies.address(".:")).isEmpty();
        assertThat(TrustedProxies.address(" 203.0.113.9 ")).contains(ip("203.0.113.9"));
        assertThat(TrustedProxies.address("[2001:db8::1]")).contains(ip("2001:db8::1"));
        assertThat(TrustedProxies.address("fe80::1%eth0")).contains(ip("fe80::1"));
        assertThat(List.of(TrustedProxies.address("::ffff:203.0.113.9").orElseThrow().getAddress().length)).containsExactly(4);
    }
}
