package com.orbusdigital.oid.password;


/**
 * The cost of an Argon2id hash: memory in KiB, iterations (passes over the memory) and lanes.
 *
 * <p>{@link #OWASP} is the OWASP Password Storage Cheat Sheet's recommended configuration
 * (m=19 MiB, t=2, p=1). Weaker settings are refused here, so a mistyped configuration cannot
 * silently store cheap hashes. OWASP lists m=46 MiB with t=1 as equivalent, so that is accepted too.
 * The upper bounds keep a stored hash from asking for more memory or time than a server has: a
 * stored hash with larger parameters is treated as corrupt rather than run.
 */
public record Argon2Parameters(int memoryKiB, int iterations, int parallelism) {

    public static final Argon2Parameters OWASP = new Argon2Parameters(19_456, 2, 1);

    /** OWASP's single-pass alternative: m=46 MiB, t=1. */
    static final int ONE_PASS_MIN_MEMORY_KIB = 47_104;
    /** 1 GiB: more than any sensible setting, less than would take a server down. */
    static final int MAX_MEMORY_KIB = 1 << 20;
    static final int MAX_ITERATIONS = 100;
    static final int MAX_PARALLELISM = 16;

    public Argon2Parameters {
        if (memoryKiB < 1 || memoryKiB > MAX_MEMORY_KIB || iterations < 1 || iterations > MAX_ITERATIONS
                || parallelism < 1 || parallelism > MAX_PARALLELISM || memoryKiB < 8 * parallelism) {
            throw new IllegalArgumentException("Argon2 parameters out of range: " + describe(memoryKiB, iterations, parallelism)
                    + " (1 ≤ t ≤ " + MAX_ITERATIONS + ", 1 ≤ p ≤ " + MAX_PARALLELISM + ", 8·p ≤ m ≤ " + MAX_MEMORY_KIB + " KiB)");
        }
    }

    /** At least OWASP's minimum: m ≥ 19 MiB with t ≥ 2, or m ≥ 46 MiB with t = 1. */
    public boolean meetsOwaspMinimum() {
        return (memoryKiB >= OWASP.memoryKiB && iterations >= OWASP.iterations)
                || (memoryKiB >= ONE_PASS_MIN_MEMORY_KIB && iterations >= 1);
    }

    /** The PHC parameter segment, {@code m=19456,t=2,p=1}. */
    @Override
    public String toString() {
        return describe(memoryKiB, iterations, parallelism);
    }

    private static String describe(int memoryKiB, int iterations, int parallelism) {
        return "m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism;
    }
}
