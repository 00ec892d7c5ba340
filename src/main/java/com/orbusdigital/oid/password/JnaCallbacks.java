package com.orbusdigital.oid.password;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import java.lang.reflect.Field;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees a JNA callback's native trampoline at once. Left to JNA, a trampoline is freed only after its
 * callback was collected and JNA then looked up another callback, which in an undeployed OID never
 * happens; until then it stays registered with JNA's cleaner, whose thread runs while anything is
 * registered and keeps the undeployed class loader (its own class is JNA's, loaded by it). The
 * trampoline's owner, a public {@code Closeable} {@link CallbackReference}, is reachable only through
 * JNA's package-private callback map, hence reflection. Should that ever fail (another JNA), OID runs
 * as before and says so once; {@code RedeployLeakIT} and {@code Argon2ImplementationsTest} would fail.
 */
final class JnaCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(JnaCallbacks.class);

    private JnaCallbacks() {
    }

    /**
     * Frees {@code callback}'s trampoline, if JNA made one: native code must not call it afterwards.
     *
     * @return whether there was one, now freed
     */
    static boolean close(Callback callback) {
        CallbackReference reference;
        try {
            Field references = CallbackReference.class.getDeclaredField("callbackMap");
            Field lock = CallbackReference.class.getDeclaredField("pointerCallbackMap");
            references.setAccessible(true);
            lock.setAccessible(true);
            synchronized (lock.get(null)) {  // JNA's own lock over its callback maps
                reference = (CallbackReference) ((Map<?, ?>) references.get(null)).get(callback);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("A JNA callback could not be freed ({}): a redeployed OID may stay in memory", e.toString());
            return false;
        }
        if (reference == null) {
            return false;
        }
        reference.close();
        return true;
    }
}
