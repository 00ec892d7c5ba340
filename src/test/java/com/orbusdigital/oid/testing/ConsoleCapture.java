package com.orbusdigital.oid.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies what is printed to this JVM's System.out while it is open. The Arquillian adapter prints
 * the managed Tomcat's console (OID's log) line by line through System.out, so this sees OID's
 * log lines too; it still passes everything on to the original stream.
 */
public final class ConsoleCapture implements AutoCloseable {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    public ConsoleCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (copy) {
                    copy.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (copy) {
                    copy.write(b, off, len);
                }
            }
        };
        System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    public String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}
