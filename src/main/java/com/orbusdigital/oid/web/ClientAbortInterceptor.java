package com.orbusdigital.oid.web;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client that hangs up while its answer is being written ({@code curl …/metrics | head}) makes
 * every further write of that answer fail. Jersey logs such a failure as SEVERE with a stack trace,
 * twice per request (writing the entity, then closing it): anyone able to open and drop connections
 * could flood the log. Every JAX-RS answer's entity is written through here, so the hang-up is one
 * debug line and the rest of the answer is dropped, since nobody is left to read it; Jersey, the
 * exception mappers and the metrics see an answer written as usual. (Tomcat itself already logs a
 * hang-up only at debug: its default servlet's, for /assets, needs nothing here.)
 * <p>
 * Only Tomcat's {@code ClientAbortException}, which it throws for every failed write to the
 * client's socket, counts as a hang-up; any other failure is passed on untouched to be reported as
 * it always was.
 */
@Provider
public class ClientAbortInterceptor implements WriterInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ClientAbortInterceptor.class);
    /** By name: Tomcat's class is not on OID's class path, and only the container throws it. */
    private static final String CLIENT_ABORT = "org.apache.catalina.connector.ClientAbortException";

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        context.setOutputStream(new UntilHungUp(context.getOutputStream()));
        context.proceed();
    }

    static boolean isClientAbort(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals(CLIENT_ABORT)) {
                return true;
            }
        }
        return false;
    }

    /** Passes everything on until the client has hung up, and nothing after. */
    private static final class UntilHungUp extends OutputStream {

        private final OutputStream client;
        private boolean hungUp;

        UntilHungUp(OutputStream client) {
            this.client = client;
        }

        @Override
        public void write(int b) throws IOException {
            if (!hungUp) {
                try {
                    client.write(b);
                } catch (IOException failure) {
                    hungUp(failure);
                }
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (!hungUp) {
                try {
                    client.write(bytes, offset, length);
                } catch (IOException failure) {
                    hungUp(failure);
                }
            }
        }

        @Override
        public void flush() throws IOException {
            if (!hungUp) {
                try {
                    client.flush();
                } catch (IOException failure) {
                    hungUp(failure);
                }
            }
        }

        @Override
        public void close() throws IOException {
            try {
                client.close();
            } catch (IOException failure) {
                if (!hungUp) {
                    hungUp(failure);
                } else if (!isClientAbort(failure)) {
                    throw failure;
                }
            }
        }

        private void hungUp(IOException failure) throws IOException {
            if (!isClientAbort(failure)) {
                throw failure;
            }
            hungUp = true;
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            LOG.debug("The client closed the connection before the answer was complete ({})", cause.getMessage());
        }
    }
}
