package com.orbusdigital.oid.ratelimit;

import com.orbusdigital.oid.config.TrustedProxies;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a request comes from, in a way a client cannot forge: the socket peer, unless the peer is one
 * of OID_TRUSTED_PROXIES; then X-Forwarded-For is read from the right (the entry the nearest proxy
 * appended), skipping trusted proxies, and the first address that is not one is the client. A
 * chain of nothing but trusted proxies ends at its left-most entry. Entries to the left of the
 * client are whatever the client sent and are never read.
 *
 * <p>This is exactly the walk of Tomcat's RemoteIpValve (entries split on commas and trimmed,
 * several header lines joined, an entry that is not an address ends the walk as the "client"), so
 * the answer is the same whether or not that valve ran first, as long as the valve trusts no
 * proxy that OID_TRUSTED_PROXIES does not: the valve stops at the first entry it does not trust
 * and leaves the rest of the header, and OID, seeing a trusted "peer", walks on through that rest
 * just as it would have walked the whole header ({@code ClientAddressValveTest} proves it against
 * the real valve). The one exception needs a broken proxy: an empty entry beyond a valve that
 * trusts fewer proxies, which the valve drops when it writes the header back.
 */
public final class ClientAddress {

    /** The bucket shared by every request whose client is not a readable IP address. */
    public static final String UNREADABLE = "unreadable";

    private final TrustedProxies trustedProxies;

    public ClientAddress(TrustedProxies trustedProxies) {
        this.trustedProxies = Objects.requireNonNull(trustedProxies, "trustedProxies");
    }

    /**
     * @param peer         {@code request.getRemoteAddr()}
     * @param forwardedFor every X-Forwarded-For header line, in order
     * @return the client's address; empty when the client is named by something that is not an IP
     *         address (a misbehaving proxy, or garbage beyond a trusted one)
     */
    public Optional<InetAddress> resolve(String peer, Iterable<String> forwardedFor) {
        Optional<InetAddress> client = TrustedProxies.address(peer == null ? "" : peer);
        if (client.isEmpty() || !trustedProxies.contains(client.get())) {
            return client;
        }
        String[] hops = hops(forwardedFor);
        for (int i = hops.length - 1; i >= 0; i--) {
            client = TrustedProxies.address(hops[i]);
            if (client.isEmpty() || !trustedProxies.contains(client.get())) {
                break;
            }
        }
        return client;
    }

    /** Whether address (a peer's, as {@code getRemoteAddr()} gives it) is one of OID_TRUSTED_PROXIES. */
    public boolean isTrustedProxy(String address) {
        return TrustedProxies.address(address == null ? "" : address).map(trustedProxies::contains).orElse(false);
    }

    /**
     * What the limit counts against: an IPv4 address, or an IPv6 address's /64 network, the
     * smallest block a provider assigns to one customer (counting single IPv6 addresses would give
     * each such customer 2^64 separate limits).
     */
    public static String bucketKey(Optional<InetAddress> client) {
        if (client.isEmpty()) {
            return UNREADABLE;
        }
        InetAddress address = client.get();
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            HexFormat hex = HexFormat.of();
            StringBuilder key = new StringBuilder(24);
            for (int i = 0; i < 8; i += 2) {
                key.append(hex.toHexDigits(bytes[i])).append(hex.toHexDigits(bytes[i + 1])).append(':');
            }
            return key.append(":/64").toString();
        }
        return address.getHostAddress();
    }

    /** As RemoteIpValve reads them: lines joined with ", ", split on commas, trimmed, trailing empties dropped. */
    private static String[] hops(Iterable<String> forwardedFor) {
        StringBuilder joined = new StringBuilder();
        for (String line : forwardedFor) {
            if (joined.length() > 0) {
                joined.append(", ");
            }
            joined.append(line);
        }
        if (joined.length() == 0) {
            return new String[0];
        }
        String[] hops = joined.toString().split(",");
        for (int i = 0; i < hops.length; i++) {
            hops[i] = hops[i].trim();
        }
        return hops;
    }
}
