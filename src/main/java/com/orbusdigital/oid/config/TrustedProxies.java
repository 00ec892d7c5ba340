package com.orbusdigital.oid.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * OID_TRUSTED_PROXIES: the reverse proxies whose X-Forwarded-For OID believes, as CIDR blocks
 * ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or single addresses. None by default: then the
 * socket peer is the client, whatever headers it sends.
 */
public final class TrustedProxies {

    static final String VARIABLE = "OID_TRUSTED_PROXIES";

    private static final TrustedProxies NONE = new TrustedProxies(List.of());
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Starts like InetAddress's literal path (a hex digit or a colon) and has a colon, so it is never looked up in DNS. */
    private static final Pattern IPV6 = Pattern.compile("(?=[^:]*:)[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}");

    /** A CIDR block: the first prefixLength bits of address. */
    public record Block(InetAddress address, int prefixLength) {

        boolean contains(InetAddress candidate) {
            byte[] network = address.getAddress();
            byte[] other = candidate.getAddress();
            if (network.length != other.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (network[i] != other[i]) {
                    return false;
                }
            }
            int remainingBits = prefixLength % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = (0xFF << (8 - remainingBits)) & 0xFF;
            return (network[fullBytes] & mask) == (other[fullBytes] & mask);
        }

        @Override
        public String toString() {
            return address.getHostAddress() + "/" + prefixLength;
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    public static TrustedProxies none() {
        return NONE;
    }

    /** @param entries the comma-separated list, already split and stripped */
    public static TrustedProxies parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : entries) {
            blocks.add(block(entry));
        }
        return blocks.isEmpty() ? NONE : new TrustedProxies(blocks);
    }

    public List<Block> blocks() {
        return blocks;
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public boolean contains(InetAddress address) {
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An IP address literal, never a host name (no DNS lookup, whatever the input): IPv4 dotted
     * quad, IPv6 (an IPv4-mapped one becomes the IPv4 address), optionally in brackets; an IPv6
     * zone ({@code %eth0}) is dropped, it means nothing beyond the host that wrote it.
     */
    public static Optional<InetAddress> address(String text) {
        String literal = text.strip();
        if (literal.length() > 64) {
            return Optional.empty();
        }
        if (literal.startsWith("[") && literal.endsWith("]")) {
            literal = literal.substring(1, literal.length() - 1);
        }
        int zone = literal.indexOf('%');
        if (zone >= 0 && literal.indexOf(':') >= 0) {
            literal = literal.substring(0, zone);
        }
        if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
            return Optional.empty();
        }
        try {
            // only digits, hex digits, dots and colons reach here: InetAddress parses them as a
            // literal and never asks DNS
            return Optional.of(InetAddress.getByName(literal));
        } catch (UnknownHostException | IllegalArgumentException notAnAddress) {
            return Optional.empty();
        }
    }

    private static Block block(String entry) {
        int slash = entry.indexOf('/');
        String addressPart = slash < 0 ? entry : entry.substring(0, slash);
        if (addressPart.contains("%")) {
            throw refused(entry); // a zone names an interface of one host, not a network
        }
        InetAddress address = address(addressPart).orElseThrow(() -> refused(entry));
        if (addressPart.contains(":") && address.getAddress().length == 4) {
            // ::ffff:10.0.0.0/104 would need prefix arithmetic nobody should have to check
            throw new ConfigException(VARIABLE, "takes IPv4 addresses in their IPv4 form, got '" + entry + "'");
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = entry.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                throw refused(entry);
            }
            prefix = Integer.parseInt(length);
        }
        byte[] network = address.getAddress();
        for (int bit = prefix; bit < bits; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        Block block = new Block(literal(network), prefix);
        // 10.1.2.3/8 is refused rather than silently widened: a typo in a trust list must not pass
        if (!block.address().equals(address)) {
            throw new ConfigException(VARIABLE, "has host bits set in '" + entry + "' (did you mean " + block + "?)");
        }
        return block;
    }

    private static InetAddress literal(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static ConfigException refused(String entry) {
        return new ConfigException(VARIABLE, "must be a comma-separated list of IP addresses or CIDR blocks "
                + "such as 10.0.0.0/8, 192.168.1.10, 2001:db8::/32, got '" + entry + "'");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TrustedProxies that && blocks.equals(that.blocks);
    }

    @Override
    public int hashCode() {
        return blocks.hashCode();
    }

    @Override
    public String toString() {
        return blocks.isEmpty() ? "none" : blocks.toString();
    }
}
