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
 * exception mappers and the metrics see an answer written as usual. (/assets is served by
 * {@link AssetsServlet}, which drops a hang-up the same way.)
 * <p>
 * Every {@link IOException} thrown by the container's own stream counts as a hang-up, whatever its
 * class: Tomcat throws its {@code ClientAbortException}, Jetty its {@code EofException}, other
 * servers a plain {@code IOException}, and naming them would tie OID to each server. Only the
 * container's writes are caught here: a failure of the entity's own writer (a serialisation error)
 * never passes through this stream's catch blocks and is reported as it always was.
 */
@Provider
public class ClientAbortInterceptor implements WriterInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(ClientAbortInterceptor.class);

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        context.setOutputStream(new UntilHungUp(context.getOutputStream()));
        context.proceed();
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
                }
            }
        }

        private void hungUp(IOException failure) {
            hungUp = true;
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            LOG.debug("The client closed the connection before the answer was complete ({})", cause.getMessage());
        }
    }
}
