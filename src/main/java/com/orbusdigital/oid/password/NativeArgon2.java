package com.orbusdigital.oid.password;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import de.mkammerer.argon2.jna.Size_t;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argon2 by libargon2, the reference implementation in C, as argon2-jvm bundles it, called through
 * JNA's {@code argon2_ctx}. About 1.3–1.8 times Bouncy Castle's rate on one core (docs/operations.md, User passwords).
 *
 * <p>Left to itself libargon2 mallocs each hash's working memory (19 MiB at OWASP's parameters) on
 * the calling thread and frees it afterwards, and glibc keeps what a request thread freed in that
 * thread's arena: under a burst of sign-ins Tomcat's resident memory grew by up to 19 MiB per request
 * thread that ever hashed (the figures: docs/operations.md, Memory). So each {@link #slot} allocates that
 * memory once, and libargon2's allocation callbacks ({@code allocate_cbk}, called once per hash for
 * the whole memory, and {@code free_cbk}) hand it the slot's buffer; a hash asking for more (a stored
 * hash with a larger {@code m}) gets an allocation of its own, freed as soon as libargon2 is done.
 * The hashes are the same bytes either way: the memory is only where the blocks are computed, and
 * libargon2 wipes it before giving it back. {@link #hash}, outside any slot, lets libargon2 allocate.
 *
 * <p>In a webapp, JNA and this class belong to the application's class loader. Each {@link #load}
 * copies the bundled library to a file of its own, so a redeployed application (a new class loader
 * in the same JVM) maps a fresh copy and never shares, or closes, another's; JNA likewise unpacks
 * its own JNI stub once per class loader. Nothing pins the class loader after undeploy: the threads
 * that loading starts never carry it as their context class loader (see {@link #load}), and
 * {@link #close} closes the library, after which JNA's "JNA Cleaner" thread ends within its 30 s
 * linger. (Checked by hand: a webapp-like class loader that loaded, hashed and closed is collected.)
 * {@link #close} also frees the slots' memory and their JNA callbacks, which each slot holds meanwhile
 * (native code holds them only weakly); left to JNA, they would keep its cleaner thread, and so the
 * class loader, alive ({@link JnaCallbacks}).
 * A hash still asked for after {@link #close} runs in Bouncy Castle rather than call unmapped code.
 */
final class NativeArgon2 implements Argon2 {

    private static final Logger LOG = LoggerFactory.getLogger(NativeArgon2.class);
    private static final int ARGON2_OK = 0;

    private final NativeLibrary library;
    private final Function argon2Ctx;
    /**
     * Hashes and new slots share it; {@link #close} takes it alone, so the library is never unmapped,
     * nor a slot's memory freed, under a running hash.
     */
    private final ReadWriteLock use = new ReentrantReadWriteLock();
    /** Every slot made, so that {@link #close} frees their memory. */
    private final List<NativeSlot> slots = new CopyOnWriteArrayList<>();
    private final LongAdder fromSlots = new LongAdder();
    private final LongAdder oneOffs = new LongAdder();
    private final AtomicInteger oneOffsHeld = new AtomicInteger();
    private boolean closed;

    /**
     * What the slots allocated: buffers held now, hashes that ran in one of them, allocations of
     * their own for hashes asking for more memory, and how many of those are not freed yet.
     */
    record Allocations(int slotBuffers, long fromSlots, long oneOffs, int oneOffsHeld) {
    }

    private NativeArgon2(NativeLibrary library) {
        this.library = library;
        this.argon2Ctx = library.getFunction("argon2_ctx");
    }

    /**
     * Maps the libargon2 bundled for this platform, found through {@code loader}. Always this copy,
     * never a libargon2 the system may have: it is the one measured and checked here.
     *
     * @throws IOException when this platform has no bundled library
     * @throws LinkageError when JNA or the library cannot be loaded
     */
    static NativeArgon2 load(ClassLoader loader) throws IOException {
        String resource = Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName("argon2");
        Path copy = Files.createTempFile("oid-libargon2-", ".so");
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        // Threads started now inherit the context class loader: JNA's cleaner, and the JDK's "process
        // reaper" for the one ldconfig JNA runs. With the webapp's loader they would pin it after undeploy.
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            try (InputStream bundled = loader.getResourceAsStream(resource)) {
                if (bundled == null) {
                    throw new IOException("no bundled " + resource);
                }
                Files.copy(bundled, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return new NativeArgon2(NativeLibrary.getInstance(copy.toAbsolutePath().toString()));
        } finally {
            thread.setContextClassLoader(context);
            // once mapped the file is no longer needed; unlinking it leaves nothing behind after a crash either
            Files.deleteIfExists(copy);
        }
    }

    /**
     * The native implementation from {@code loading} when it loads and agrees with Bouncy Castle,
     * otherwise Bouncy Castle; logs one line saying which.
     */
    static Argon2 loadOrFallBack(Callable<? extends Argon2> loading) {
        Argon2 candidate;
        try {
            candidate = loading.call();
        } catch (Exception | LinkageError e) {
            LOG.info("Argon2 password hashes by {}: libargon2 did not load ({}: {})",
                    Argon2.bouncyCastle(), e.getClass().getSimpleName(), e.getMessage());
            return Argon2.bouncyCastle();
        }
        String disagreement = disagreement(candidate);
        if (disagreement != null) {
            candidate.close();
            LOG.warn("Argon2 password hashes by {}: {} gave another hash than Bouncy Castle for {}",
                    Argon2.bouncyCastle(), candidate, disagreement);
            return Argon2.bouncyCastle();
        }
        LOG.info("Argon2 password hashes by {}", candidate);
        return candidate;
    }

    /**
     * Null when {@code candidate} computes what Bouncy Castle computes for every type and version (at
     * a lane count that does not divide the memory) and for Argon2id at OWASP's parameters; otherwise
     * the case that differed.
     */
    private static String disagreement(Argon2 candidate) {
        Argon2Parameters small = new Argon2Parameters(70, 2, 2);
        for (int type = 0; type <= 2; type++) {
            for (int version : new int[] {0x10, 0x13}) {
                if (!agrees(candidate, type, version, small)) {
                    return "type " + type + ", version 0x" + Integer.toHexString(version) + ", " + small;
                }
            }
        }
        return agrees(candidate, 2, 0x13, Argon2Parameters.OWASP) ? null : "argon2id, " + Argon2Parameters.OWASP;
    }

    private static boolean agrees(Argon2 candidate, int type, int version, Argon2Parameters cost) {
        byte[] password = "self-test, not a password".getBytes(StandardCharsets.UTF_8);
        byte[] salt = "sixteen-byte-slt".getBytes(StandardCharsets.UTF_8);
        byte[] expected = Argon2.bouncyCastle().hash(type, version, cost, salt, password, 32);
        try {
            return Arrays.equals(expected, candidate.hash(type, version, cost, salt, password, 32));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public byte[] hash(int type, int version, Argon2Parameters cost, byte[] salt, byte[] password, int length) {
        return hash(null, null, type, version, cost, salt, password, length);
    }

    /**
     * A slot whose buffer fits a hash at {@code usual}'s memory cost: {@code m} KiB, never less than
     * libargon2 asks for at that cost (it rounds {@code m} down to a multiple of 4 blocks per lane).
     * The buffer is allocated now, its pages made resident by the hashes that use it, and freed when
     * this closes.
     */
    @Override
    public Slot slot(Argon2Parameters usual) {
        use.readLock().lock();
        try {
            if (closed) {
                return Argon2.bouncyCastle().slot(usual);
            }
            NativeSlot slot = new NativeSlot(usual.memoryKiB() * 1024L);
            slots.add(slot);
            return slot;
        } finally {
            use.readLock().unlock();
        }
    }

    Allocations allocations() {
        use.readLock().lock();
        try {
            return new Allocations(closed ? 0 : slots.size(), fromSlots.sum(), oneOffs.sum(), oneOffsHeld.get());
        } finally {
            use.readLock().unlock();
        }
    }

    /** {@code argon2_ctx} with these allocation callbacks (both null: libargon2 mallocs), as {@code argon2_hash} calls it. */
    private byte[] hash(Pointer allocateCbk, Pointer freeCbk, int type, int version, Argon2Parameters cost, byte[] salt,
            byte[] password, int length) {
        use.readLock().lock();
        try {
            if (closed) {
                return Argon2.bouncyCastle().hash(type, version, cost, salt, password, length);
            }
            // the context, then password, salt and output side by side in native memory, wiped before it is freed
            long passwordAt = ContextLayout.SIZE;
            long saltAt = passwordAt + password.length;
            long outAt = saltAt + salt.length;
            Memory io = new Memory(outAt + length);
            try {
                io.write(passwordAt, password, 0, password.length);
                io.write(saltAt, salt, 0, salt.length);
                ContextLayout.write(io, io.share(outAt), length, io.share(passwordAt), password.length, io.share(saltAt),
                        salt.length, cost, version, allocateCbk, freeCbk);
                int status = argon2Ctx.invokeInt(new Object[] {io, type});
                if (status != ARGON2_OK) {
                    throw new IllegalStateException("libargon2 refused the parameters: error " + status);
                }
                return io.getByteArray(outAt, length);
            } finally {
                io.clear();
                io.close();
            }
        } finally {
            use.readLock().unlock();
        }
    }

    @Override
    public void close() {
        use.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                slots.forEach(NativeSlot::free);
                library.close();
            }
        } finally {
            use.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "libargon2 (native, through JNA)";
    }

    /**
     * One hash at a time (a second at once is refused rather than let two hashes share memory), in a
     * buffer allocated once. Its callbacks run on the thread that hashes, inside {@code argon2_ctx}:
     * the slot's state needs no locking beyond handing the slot from one hash to the next.
     */
    private final class NativeSlot implements Slot {
        private static final int CACHE_LINE = 64;

        private final Memory allocation;
        /** {@link #allocation} from its first cache line on: malloc aligns to 16 bytes, libargon2's blocks are 1 KiB. */
        private final Memory buffer;
        // JNA callbacks: native code holds them weakly, these fields keep them as long as the slot
        private final AllocateCallback allocate = this::allocate;
        private final FreeCallback free = this::free;
        private final Pointer allocateCbk = CallbackReference.getFunctionPointer(allocate);
        private final Pointer freeCbk = CallbackReference.getFunctionPointer(free);
        private final AtomicBoolean hashing = new AtomicBoolean();
        /** The current hash's own allocation when it asked for more than {@link #buffer}. */
        private Memory oneOff;

        NativeSlot(long bytes) {
            this.allocation = new Memory(bytes + CACHE_LINE);
            this.buffer = allocation.align(CACHE_LINE);
        }

        @Override
        public byte[] hash(int type, int version, Argon2Parameters cost, byte[] salt, byte[] password, int length) {
            if (!hashing.compareAndSet(false, true)) {
                throw new IllegalStateException("a hashing slot runs one hash at a time");
            }
            try {
                return NativeArgon2.this.hash(allocateCbk, freeCbk, type, version, cost, salt, password, length);
            } finally {
                // normally freed through free_cbk already; not when libargon2 failed before its end
                freeOneOff();
                hashing.set(false);
            }
        }

        /** {@code allocate_cbk}: {@code *memory} = the buffer, or NULL, which libargon2 answers as an allocation error. */
        private int allocate(Pointer memory, Size_t bytes) {
            memory.setPointer(0, null);
            try {
                long size = bytes.longValue();
                if (size <= buffer.size()) {
                    fromSlots.increment();
                    memory.setPointer(0, buffer);
                } else {
                    oneOff = new Memory(size);
                    oneOffs.increment();
                    oneOffsHeld.incrementAndGet();
                    memory.setPointer(0, oneOff);
                }
            } catch (RuntimeException | Error e) {
                // nothing can be thrown through libargon2's C frames; NULL fails this hash alone
                LOG.warn("libargon2 asked for {} bytes that could not be allocated ({})", bytes, e.toString());
            }
            return ARGON2_OK;
        }

        /** {@code free_cbk}, after libargon2 wiped the memory: the slot's buffer stays, a one-off goes at once. */
        private void free(Pointer memory, Size_t bytes) {
            freeOneOff();
        }

        private void freeOneOff() {
            if (oneOff != null) {
                oneOff.close();
                oneOff = null;
                oneOffsHeld.decrementAndGet();
            }
        }

        /** At {@link NativeArgon2#close}, no hash running. */
        private void free() {
            allocation.close();
            JnaCallbacks.close(allocate);
            JnaCallbacks.close(free);
        }
    }

    /** {@code allocate_fptr}: {@code int (*)(uint8_t **memory, size_t bytes_to_allocate)}. */
    public interface AllocateCallback extends Callback {
        int invoke(Pointer memory, Size_t bytes);
    }

    /** {@code deallocate_fptr}: {@code void (*)(uint8_t *memory, size_t bytes_to_allocate)}. */
    public interface FreeCallback extends Callback {
        void invoke(Pointer memory, Size_t bytes);
    }

    /**
     * libargon2's {@code argon2_context} (argon2.h), field by field as C lays it out, each aligned to
     * its size. Written into native memory by hand rather than through a JNA Structure, whose
     * per-thread bookkeeping (ThreadLocals holding JNA's classes) would stay on Tomcat's request
     * threads and keep an undeployed OID's class loader. A class of its own so that JNA is not
     * initialised before {@link #load}, which controls the threads that starts.
     */
    private static final class ContextLayout {
        private static final int POINTER = Native.POINTER_SIZE;
        private static final int UINT32 = 4;
        private static final int OUT = 0;
        private static final int OUTLEN = after(OUT, POINTER, UINT32);
        private static final int PWD = after(OUTLEN, UINT32, POINTER);
        private static final int PWDLEN = after(PWD, POINTER, UINT32);
        private static final int SALT = after(PWDLEN, UINT32, POINTER);
        private static final int SALTLEN = after(SALT, POINTER, UINT32);
        private static final int SECRET = after(SALTLEN, UINT32, POINTER);
        private static final int SECRETLEN = after(SECRET, POINTER, UINT32);
        private static final int AD = after(SECRETLEN, UINT32, POINTER);
        private static final int ADLEN = after(AD, POINTER, UINT32);
        private static final int T_COST = after(ADLEN, UINT32, UINT32);
        private static final int M_COST = after(T_COST, UINT32, UINT32);
        private static final int LANES = after(M_COST, UINT32, UINT32);
        private static final int THREADS = after(LANES, UINT32, UINT32);
        private static final int VERSION = after(THREADS, UINT32, UINT32);
        private static final int ALLOCATE_CBK = after(VERSION, UINT32, POINTER);
        private static final int FREE_CBK = after(ALLOCATE_CBK, POINTER, POINTER);
        private static final int FLAGS = after(FREE_CBK, POINTER, UINT32);
        /** Padded to its widest member. */
        static final int SIZE = after(FLAGS, UINT32, POINTER);
        /** ARGON2_DEFAULT_FLAGS: neither password nor secret wiped by libargon2, which OID does with its own copies. */
        private static final int DEFAULT_FLAGS = 0;

        private ContextLayout() {
        }

        /** As {@code argon2_hash} fills it: no secret, no associated data, one thread per lane. */
        static void write(Pointer context, Pointer out, int outlen, Pointer pwd, int pwdlen, Pointer salt, int saltlen,
                Argon2Parameters cost, int version, Pointer allocateCbk, Pointer freeCbk) {
            context.setPointer(OUT, out);
            context.setInt(OUTLEN, outlen);
            context.setPointer(PWD, pwd);
            context.setInt(PWDLEN, pwdlen);
            context.setPointer(SALT, salt);
            context.setInt(SALTLEN, saltlen);
            context.setPointer(SECRET, null);
            context.setInt(SECRETLEN, 0);
            context.setPointer(AD, null);
            context.setInt(ADLEN, 0);
            context.setInt(T_COST, cost.iterations());
            context.setInt(M_COST, cost.memoryKiB());
            context.setInt(LANES, cost.parallelism());
            context.setInt(THREADS, cost.parallelism());
            context.setInt(VERSION, version);
            context.setPointer(ALLOCATE_CBK, allocateCbk);
            context.setPointer(FREE_CBK, freeCbk);
            context.setInt(FLAGS, DEFAULT_FLAGS);
        }

        /** The offset of a field of {@code size} after one of {@code previous} bytes at {@code offset}. */
        private static int after(int offset, int previous, int size) {
            int end = offset + previous;
            return (end + size - 1) / size * size;
        }
    }
}
