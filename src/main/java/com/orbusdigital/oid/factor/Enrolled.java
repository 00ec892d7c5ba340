package com.orbusdigital.oid.factor;

/**
 * What a user has set up beyond a password.
 *
 * @param otp           a confirmed authenticator-app secret
 * @param passkeys      how many passkeys
 * @param recoveryCodes how many unused recovery codes
 */
public record Enrolled(boolean otp, int passkeys, int recoveryCodes) {

    public static final Enrolled NOTHING = new Enrolled(false, 0, 0);

    /** Whether the user has a second factor of their own (recovery codes are a way back, not one). */
    public boolean hasSecondFactor() {
        return otp || passkeys > 0;
    }

    /** Whether the user has anything beyond a password that a sign-in could be asked to prove. */
    public boolean hasAnything() {
        return hasSecondFactor() || recoveryCodes > 0;
    }
}
