package com.orbusdigital.oid.config;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * One email address, checked strictly (Jakarta Mail's RFC 822 parser in strict mode) and free of
 * control characters: what may go into a From or To header without letting anyone add a header.
 */
public final class MailAddresses {

    /** Longer than any deliverable address (RFC 5321: 254 for the address itself). */
    public static final int MAX_LENGTH = 320;

    private MailAddresses() {}

    public static boolean isValid(String address) {
        if (address == null || address.isEmpty() || address.length() > MAX_LENGTH || address.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return false;
        }
        try {
            InternetAddress[] parsed = InternetAddress.parse(address, true);
            if (parsed.length != 1) {
                return false;
            }
            parsed[0].validate();
            return parsed[0].getAddress().contains("@");
        } catch (AddressException malformed) {
            return false;
        }
    }
}
