package com.orbusdigital.oid.factor;

import java.util.Locale;

/** A way to prove a further factor, as the sign-in pages offer them. */
public enum Method {
    PASSKEY, OTP, RECOVERY_CODE;

    /** As pages and forms name it: passkey, otp, recovery_code. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
