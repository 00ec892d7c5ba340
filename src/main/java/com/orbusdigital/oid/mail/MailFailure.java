package com.orbusdigital.oid.mail;

/**
 * Why a message did not leave: permanent when the server refused this message for good (an SMTP
 * 5xx reply to it), else transient (unreachable, a timeout, a 4xx reply, a broker that did not
 * acknowledge). The reason is a reply code or a class of failure — never the server's text, which
 * may quote the address.
 */
public final class MailFailure extends Exception {

    private final boolean permanent;
    private final String reason;

    MailFailure(boolean permanent, String reason) {
        super(reason, null, false, false);
        this.permanent = permanent;
        this.reason = reason;
    }

    public boolean permanent() {
        return permanent;
    }

    public String reason() {
        return reason;
    }
}
