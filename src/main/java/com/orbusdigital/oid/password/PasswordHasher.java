package com.orbusdigital.oid.password;

import com.orbusdigital.oid.crypto.RandomValues;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Stores user passwords as Argon2id PHC strings and verifies them, along with bcrypt and PBKDF2
 * hashes imported from other systems.
 *
 * <p>New hashes are {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}: a 16-byte random salt
 * and a 32-byte hash in unpadded standard base64, as the PHC string format and the reference
 * implementation write them, so any Argon2 library can read them. Verification also accepts
 *
 * <ul>
 *   <li>Argon2id/Argon2i/Argon2d PHC strings at any parameters (v=19 or v=16),
 *   <li>bcrypt {@code $2a$}, {@code $2b$}, {@code $2y$} (OpenBSD format),
 *   <li>PBKDF2 as a PHC string, {@code $pbkdf2-sha256$i=<iterations>,l=<length>$<salt>$<hash>}
 *       (also {@code -sha512}), and in passlib's format {@code $pbkdf2-sha256$<rounds>$<salt>$<hash>}
 *       ({@code $pbkdf2$} for SHA-1, {@code $pbkdf2-sha512$}) with passlib's "adapted" base64.
 * </ul>
 *
 * and says through {@link Verification#needsRehash()} when a matching hash is anything but Argon2id
 * at this hasher's parameters, so the caller stores {@link #hash} of the password it just checked.
 * Anything unrecognised, malformed or with absurd parameters never verifies and never throws.
 * Hashes are compared in constant time. The password is normalised to NFC first
 * ({@link PasswordText}); imported hashes, made by systems that may not have normalised, are also
 * tried with the text as entered when it differs.
 *
 * <p>At most {@code concurrency} hashes run at once (by default one per core); the others wait their
 * turn, in order, for up to {@link #MAX_WAIT_SECONDS} and then fail with {@link Busy}. Hashing is
 * CPU-bound, so more at once only adds latency, and each Argon2id hash holds {@code m} KiB (19 MiB):
 * unbounded, a burst of sign-ins exhausts the memory and starves every other request of CPU. Each of
 * the {@code concurrency} turns is a hashing slot ({@link Argon2.Slot}) made once, so libargon2's
 * working memory is allocated once per slot and reused, whichever request thread hashes. The
 * waiting happens on the request's own thread, so the queue is bounded too: beyond
 * {@link #MAX_HASHING_THREADS} threads in here, running or waiting, a hash fails with {@link Busy} at
 * once (see there why).
 *
 * <p>The hashes themselves are computed by an {@link Argon2}: Bouncy Castle unless one is given
 * ({@link Argon2#fastest()} in the application). Either computes the same bytes, so the PHC strings
 * one stores, the other verifies.
 *
 * <p>Thread-safe. Passwords never appear in exceptions, logs or {@link #toString()}.
 */
public final class PasswordHasher {

    /** The outcome of a verification; {@code needsRehash} is only ever true together with {@code matches}. */
    public record Verification(boolean matches, boolean needsRehash) {

        public static final Verification FAILED = new Verification(false, false);

        public Verification {
            if (needsRehash && !matches) {
                throw new IllegalArgumentException("only a matching password can be rehashed");
            }
        }
    }

    /**
     * Longer input is refused outright. Argon2 pre-hashes its input, so length barely changes the
     * cost; the bound exists so a megabyte "password" is never hashed at all. The policy's own
     * maximum is far lower.
     */
    public static final int MAX_PASSWORD_LENGTH = 4096;

    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    /** PBKDF2 parameters beyond these are treated as corrupt: about 10 s of CPU, and a 1 KiB key. */
    static final int PBKDF2_MAX_ITERATIONS = 10_000_000;
    static final int PBKDF2_MAX_KEY_BYTES = 1024;

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
    private static final Pattern B64_TEXT = Pattern.compile("[A-Za-z0-9+/]+");
    private static final Pattern AB64_TEXT = Pattern.compile("[A-Za-z0-9./]+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");
    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}");
    private static final Pattern IMPORTABLE = Pattern.compile(String.join("|",
            "\\$argon2id\\$v=19\\$m=[0-9]{1,7},t=[0-9]{1,3},p=[0-9]{1,2}\\$[A-Za-z0-9+/]{11,}\\$[A-Za-z0-9+/]{22,}",
            BCRYPT.pattern(),
            "\\$pbkdf2-sha(1|256|512)\\$i=[0-9]{1,8}(,l=[0-9]{1,3})?\\$[A-Za-z0-9+/]{11,}\\$[A-Za-z0-9+/]{22,}",
            "\\$pbkdf2(-sha256|-sha512)?\\$[0-9]{1,8}\\$[A-Za-z0-9./]{11,}\\$[A-Za-z0-9./]{22,}"));
    private static final int BCRYPT_MAX_COST = 20;

    /** How long a hash waits for its turn before the request is answered "try again shortly". */
    public static final int MAX_WAIT_SECONDS = 10;

    /**
     * How many threads may be in here at once, hashing or waiting; one more fails with {@link Busy}
     * at once. A waiting thread is a Tomcat request thread doing nothing, and tomcat-config gives
     * Tomcat 64 of them: unbounded, a burst of sign-ins could hold every one for up to
     * {@link #MAX_WAIT_SECONDS} while token, JWKS and health requests queue behind them. 56 leaves 8
     * threads free, enough for requests that take a millisecond or two of CPU each, and a queue as
     * long as 56 already takes about a second to drain on two cores; a longer one would answer later,
     * not more. The 10 s wait stays, as the bound for when hashing itself slows down (a saturated
     * host): shortening it would refuse sign-ins that a busy host still serves in a few seconds,
     * while the count above is what keeps Tomcat's threads available.
     */
    static final int MAX_HASHING_THREADS = 56;

    /**
     * Every hash slot stayed taken for as long as a hash may wait, or {@link #MAX_HASHING_THREADS}
     * were already in: the server is saturated, not broken.
     */
    public static final class Busy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Busy() {
            super("password hashing is saturated", null, false, false);
        }
    }

    private final Argon2Parameters parameters;
    private final Semaphore admitted;
    private final Semaphore slots;
    /**
     * The slots not hashing now, as many as {@link #slots}' free permits: a slot goes back before its
     * permit does, so whoever holds a permit finds one. Last in, first out: at light load the same
     * slot serves again, and the others' memory stays untouched until the load needs them.
     */
    private final Deque<Argon2.Slot> idle = new ConcurrentLinkedDeque<>();
    private final long maxWaitNanos;
    /** Verified against for unknown users, so they take as long as a wrong password. */
    private final String dummy;

    /** A hasher at OWASP's parameters, one hash at a time per core. */
    public PasswordHasher() {
        this(Argon2Parameters.OWASP, Runtime.getRuntime().availableProcessors());
    }

    /** One hash at a time per core. */
    public PasswordHasher(Argon2Parameters parameters) {
        this(parameters, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param concurrency how many hashes may run at once
     * @throws IllegalArgumentException when {@code parameters} are weaker than OWASP's minimum
     */
    public PasswordHasher(Argon2Parameters parameters, int concurrency) {
        this(parameters, concurrency, Argon2.bouncyCastle());
    }

    /**
     * @param concurrency how many hashes may run at once
     * @param argon2 what computes the Argon2 hashes; the caller closes it
     * @throws IllegalArgumentException when {@code parameters} are weaker than OWASP's minimum
     */
    public PasswordHasher(Argon2Parameters parameters, int concurrency, Argon2 argon2) {
        this(parameters, concurrency, java.time.Duration.ofSeconds(MAX_WAIT_SECONDS),
                Math.max(concurrency, MAX_HASHING_THREADS), argon2);
    }

    PasswordHasher(Argon2Parameters parameters, int concurrency, java.time.Duration maxWait, int maxThreads, Argon2 argon2) {
        Objects.requireNonNull(parameters, "parameters");
        if (!parameters.meetsOwaspMinimum()) {
            throw new IllegalArgumentException("Argon2id parameters " + parameters
                    + " are weaker than OWASP's minimum (m=19456,t=2 or m=47104,t=1)");
        }
        if (concurrency < 1 || maxThreads < concurrency) {
            throw new IllegalArgumentException("concurrency must be at least 1 and at most maxThreads");
        }
        this.parameters = parameters;
        Objects.requireNonNull(argon2, "argon2");
        this.admitted = new Semaphore(maxThreads);
        this.slots = new Semaphore(concurrency, true);
        for (int i = 0; i < concurrency; i++) {
            idle.push(argon2.slot(parameters));
        }
        this.maxWaitNanos = maxWait.toNanos();
        this.dummy = hash(RandomValues.base64url(32));
    }

    public Argon2Parameters parameters() {
        return parameters;
    }

    /**
     * The PHC string to store for {@code password}, salted afresh.
     *
     * @throws IllegalArgumentException when the password is longer than {@link #MAX_PASSWORD_LENGTH}
     */
    public String hash(String password) {
        String text = PasswordText.normalize(Objects.requireNonNull(password, "password"));
        if (PasswordText.length(text) > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password longer than " + MAX_PASSWORD_LENGTH + " characters");
        }
        byte[] salt = RandomValues.bytes(SALT_BYTES);
        byte[] hash = inSlot(slot -> argon2(slot, org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id,
                org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13,
                parameters, salt, utf8(text), HASH_BYTES));
        return "$argon2id$v=19$" + parameters + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /**
     * Checks {@code password} against a stored hash of any supported format. Never throws for a bad
     * {@code stored}.
     *
     * @throws Busy when no hashing slot became free in time
     */
    public Verification verify(String password, String stored) {
        Objects.requireNonNull(password, "password");
        if (stored == null || password.length() > 4 * MAX_PASSWORD_LENGTH) {
            return Verification.FAILED;
        }
        String text = PasswordText.normalize(password);
        if (PasswordText.length(text) > MAX_PASSWORD_LENGTH) {
            return Verification.FAILED;
        }
        return inSlot(slot -> {
            try {
                if (stored.startsWith("$argon2")) {
                    return verifyArgon2(slot, text, stored);
                }
                Verification imported = verifyImported(text, stored);
                if (!imported.matches() && !text.equals(password)) {
                    imported = verifyImported(password, stored);
                }
                return imported;
            } catch (RuntimeException corrupt) {
                // a malformed stored value, never the password: both are deliberately not logged
                return Verification.FAILED;
            }
        });
    }

    private <T> T inSlot(Function<Argon2.Slot, T> work) {
        if (!admitted.tryAcquire()) {
            throw new Busy();
        }
        try {
            try {
                if (!slots.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                    throw new Busy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Busy();
            }
            Argon2.Slot slot = idle.pop();
            try {
                return work.apply(slot);
            } finally {
                idle.push(slot);
                slots.release();
            }
        } finally {
            admitted.release();
        }
    }

    /**
     * Whether {@code stored} has the shape of a hash this hasher can verify: Argon2id, bcrypt, or
     * PBKDF2 in PHC or passlib form. For importing users from another system; the hash is then
     * checked for real, and replaced, at the first successful sign-in.
     */
    public boolean recognizes(String stored) {
        return stored != null && stored.length() <= 512 && IMPORTABLE.matcher(stored).matches();
    }

    /** Spends the time of verifying a current hash, for a sign-in whose username does not exist. */
    public void verifyDummy(String password) {
        verify(password, dummy);
    }

    /** The hash {@link #verifyDummy} verifies against: Argon2id at this hasher's parameters, hence the same cost. */
    String dummyHash() {
        return dummy;
    }

    @Override
    public String toString() {
        return "PasswordHasher[argon2id " + parameters + "]";
    }

    // ---- Argon2 -------------------------------------------------------------------------------

    private Verification verifyArgon2(Argon2.Slot slot, String text, String stored) {
        // $argon2id$v=19$m=19456,t=2,p=1$salt$hash  (v= is optional and then means 0x10)
        String[] parts = stored.split("\\$", -1);
        if ((parts.length != 5 && parts.length != 6) || !parts[0].isEmpty()) {
            return Verification.FAILED;
        }
        int type = switch (parts[1]) {
            case "argon2id" -> org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id;
            case "argon2i" -> org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_i;
            case "argon2d" -> org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_d;
            default -> -1;
        };
        int next = 2;
        int version = org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_10;
        if (parts.length == 6) {
            version = switch (parts[next++]) {
                case "v=19" -> org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13;
                case "v=16" -> org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_10;
                default -> -1;
            };
        }
        Argon2Parameters cost = argon2Parameters(parts[next++]);
        byte[] salt = b64(parts[next++]);
        byte[] expected = b64(parts[next]);
        if (type < 0 || version < 0 || cost == null || salt == null || expected == null
                || salt.length < 8 || salt.length > 64 || expected.length < 4 || expected.length > 64) {
            return Verification.FAILED;
        }
        byte[] actual = argon2(slot, type, version, cost, salt, utf8(text), expected.length);
        if (!MessageDigest.isEqual(expected, actual)) {
            return Verification.FAILED;
        }
        boolean current = type == org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id
                && version == org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13
                && cost.equals(parameters) && salt.length == SALT_BYTES && expected.length == HASH_BYTES;
        return new Verification(true, !current);
    }

    /** {@code m=…,t=…,p=…} in this order, as the PHC format requires; null when malformed or out of range. */
    private static Argon2Parameters argon2Parameters(String segment) {
        String[] fields = segment.split(",", -1);
        if (fields.length != 3 || !fields[0].startsWith("m=") || !fields[1].startsWith("t=") || !fields[2].startsWith("p=")) {
            return null;
        }
        Integer m = number(fields[0].substring(2));
        Integer t = number(fields[1].substring(2));
        Integer p = number(fields[2].substring(2));
        if (m == null || t == null || p == null) {
            return null;
        }
        try {
            return new Argon2Parameters(m, t, p);
        } catch (IllegalArgumentException outOfRange) {
            return null;
        }
    }

    private static byte[] argon2(Argon2.Slot slot, int type, int version, Argon2Parameters cost, byte[] salt, byte[] password,
            int length) {
        try {
            return slot.hash(type, version, cost, salt, password, length);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    // ---- imported: bcrypt and PBKDF2 ----------------------------------------------------------

    private static Verification verifyImported(String text, String stored) {
        boolean matches;
        if (stored.startsWith("$2")) {
            matches = verifyBcrypt(text, stored);
        } else if (stored.startsWith("$pbkdf2")) {
            matches = verifyPbkdf2(text, stored);
        } else {
            matches = false;
        }
        return matches ? new Verification(true, true) : Verification.FAILED;
    }

    private static boolean verifyBcrypt(String text, String stored) {
        if (!BCRYPT.matcher(stored).matches()) {
            return false;
        }
        int cost = Integer.parseInt(stored.substring(4, 6));
        if (cost < 4 || cost > BCRYPT_MAX_COST) {
            return false;
        }
        // bcrypt reads only the first 72 bytes; Bouncy Castle truncates the same way
        byte[] password = utf8(text);
        try {
            return OpenBSDBCrypt.checkPassword(stored, password);  // compares in constant time
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private static boolean verifyPbkdf2(String text, String stored) {
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 5 || !parts[0].isEmpty()) {
            return false;
        }
        Digest digest = switch (parts[1]) {
            case "pbkdf2" -> new SHA1Digest();
            case "pbkdf2-sha1" -> new SHA1Digest();
            case "pbkdf2-sha256" -> new SHA256Digest();
            case "pbkdf2-sha512" -> new SHA512Digest();
            default -> null;
        };
        if (digest == null) {
            return false;
        }
        Integer iterations;
        byte[] salt;
        byte[] expected;
        if (parts[2].startsWith("i=")) {
            // PHC: i=<iterations>,l=<length>, standard base64 without padding
            String[] fields = parts[2].split(",", -1);
            if (fields.length > 2 || fields.length == 2 && !fields[1].startsWith("l=")) {
                return false;
            }
            iterations = number(fields[0].substring(2));
            salt = b64(parts[3]);
            expected = b64(parts[4]);
            Integer length = fields.length == 2 ? number(fields[1].substring(2)) : null;
            if (expected == null || fields.length == 2 && (length == null || length != expected.length)) {
                return false;
            }
        } else {
            // passlib: <rounds>$<salt>$<checksum>, base64 with '.' for '+' and no padding
            iterations = number(parts[2]);
            salt = ab64(parts[3]);
            expected = ab64(parts[4]);
        }
        if (iterations == null || iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS || salt == null || expected == null
                || expected.length < 8 || expected.length > PBKDF2_MAX_KEY_BYTES) {
            return false;
        }
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(digest);
        byte[] password = utf8(text);
        generator.init(password, salt, iterations);
        byte[] actual = ((KeyParameter) generator.generateDerivedParameters(expected.length * 8)).getKey();
        Arrays.fill(password, (byte) 0);
        return MessageDigest.isEqual(expected, actual);
    }

    // ---- encodings ----------------------------------------------------------------------------

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Unpadded standard base64 (PHC's B64); null when anything else. */
    private static byte[] b64(String text) {
        if (!B64_TEXT.matcher(text).matches() || text.length() % 4 == 1) {
            return null;
        }
        return B64_DECODER.decode(text);
    }

    /** passlib's adapted base64: '.' instead of '+', no padding; null when anything else. */
    private static byte[] ab64(String text) {
        if (!AB64_TEXT.matcher(text).matches() || text.length() % 4 == 1) {
            return null;
        }
        return B64_DECODER.decode(text.replace('.', '+'));
    }

    private static Integer number(String text) {
        if (!DIGITS.matcher(text).matches()) {
            return null;
        }
        long value = Long.parseLong(text);
        return value > Integer.MAX_VALUE ? null : (int) value;
    }
}
