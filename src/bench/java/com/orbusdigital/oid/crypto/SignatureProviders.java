package com.orbusdigital.oid.crypto;

/** A {@link SignatureProvider} as OID starts it, or one that signs with the JDK, for benchmarks outside this package. */
public final class SignatureProviders {

    private SignatureProviders() {}

    /** {@code accp}: chosen as at start-up (ACCP where it loads); {@code jdk}: the JDK's. */
    public static SignatureProvider named(String name) {
        SignatureProvider provider = new SignatureProvider();
        if (name.equals("accp")) {
            provider.start();
            if (provider.description().startsWith("the JDK")) {
                throw new IllegalStateException("ACCP does not load on this machine");
            }
        }
        return provider;
    }
}
