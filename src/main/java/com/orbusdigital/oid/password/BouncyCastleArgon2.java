package com.orbusdigital.oid.password;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;

/** Argon2 in pure Java. */
enum BouncyCastleArgon2 implements Argon2 {
    INSTANCE;

    @Override
    public byte[] hash(int type, int version, Argon2Parameters cost, byte[] salt, byte[] password, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new org.bouncycastle.crypto.params.Argon2Parameters.Builder(type)
                .withVersion(version)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    @Override
    public String toString() {
        return "Bouncy Castle (pure Java)";
    }
}
