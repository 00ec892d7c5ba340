package com.orbusdigital.oid.password;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.CallbackReference;
import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

/** JnaCallbacks reaches into JNA's internals: this says at once when a JNA upgrade moved them. */
class JnaCallbacksTest {

    @Test
    void aCallbacksTrampolineIsFreedAtOnceAndOnlyOnce() {
        NativeArgon2.FreeCallback callback = (memory, bytes) -> { };
        Pointer trampoline = CallbackReference.getFunctionPointer(callback);
        assertThat(trampoline).isNotNull();

        assertThat(JnaCallbacks.close(callback)).isTrue();

        // JNA no longer has a live trampoline for it: asked again, it makes a new one
        Pointer again = CallbackReference.getFunctionPointer(callback);
        assertThat(JnaCallbacks.close(callback)).isTrue();
        assertThat(again).isNotNull();
    }

    @Test
    void aCallbackJnaNeverSawHasNothingToFree() {
        NativeArgon2.FreeCallback callback = (memory, bytes) -> { };

        assertThat(JnaCallbacks.close(callback)).isFalse();
    }
}
