package com.orbusdigital.oid.logging;

import com.orbusdigital.oid.config.OidConfig.LogFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Where this webapp's log lines go, by OID_LOG_FORMAT. Only the loggers of this webapp are
 * touched (Tomcat's JULI keeps a logger tree per webapp), so Tomcat's own lines and other
 * webapps' logging stay as their configuration says.
 * <ul>
 * <li>{@code json}: OID's lines and those of the libraries it ships are written to stdout, one
 *     {@link JsonLogFormatter} object per line, instead of to Tomcat's handlers.
 * <li>{@code text}: the lines keep going to Tomcat's handlers in Tomcat's format, the message
 *     prefixed with {@code [request id]} inside a request.
 * </ul>
 */
public final class LogOutput {

    /** OID and the libraries in its WAR; their loggers are named after their packages. */
    private static final List<String> LOGGERS = List.of("com.orbusdigital.oid", "org.hibernate", "org.apache.kafka",
            "com.zaxxer.hikari", "org.flywaydb", "org.jboss.weld", "org.glassfish.jersey", "io.micrometer");

    /** Each logger with the handler put on it; held, as java.util.logging keeps loggers weakly and would forget it. */
    private final Map<Logger, Handler> handlers = new LinkedHashMap<>();

    private LogOutput(LogFormat format) {
        Handler json = format == LogFormat.JSON ? new StdoutHandler() : null;
        for (String name : LOGGERS) {
            Logger logger = Logger.getLogger(name);
            Handler handler = json != null ? json : new RequestIdTagger(logger);
            handler.setLevel(Level.ALL);
            logger.addHandler(handler);
            logger.setUseParentHandlers(false);
            handlers.put(logger, handler);
        }
    }

    /** Call with the webapp's class loader as the thread's context class loader (a servlet listener). */
    public static LogOutput install(LogFormat format) {
        return new LogOutput(format);
    }

    /** Gives the lines back to Tomcat's handlers: the webapp is going away. */
    public void uninstall() {
        handlers.forEach((logger, handler) -> {
            logger.removeHandler(handler);
            logger.setUseParentHandlers(true);
            handler.close();
        });
        handlers.clear();
    }

    /**
     * The JSON log's sink: this handler is where OID's logger writes, so it is the one place that
     * prints. Straight to stdout, one record per write and flushed, since a container runtime
     * collects stdout; records carry no secrets (JsonLogFormatter writes what the logger was given).
     */
    private static final class StdoutHandler extends Handler {

        StdoutHandler() {
            setFormatter(new JsonLogFormatter());
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            String line;
            try {
                line = getFormatter().format(record);
            } catch (RuntimeException e) {
                reportError("could not format a log record", e, ErrorManager.FORMAT_FAILURE);
                return;
            }
            synchronized (System.out) {
                System.out.print(line);
                System.out.flush();
            }
        }

        @Override
        public void flush() {
            System.out.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    /**
     * Adds the request id to the message and hands the record to the handlers its logger would
     * have used (its ancestors', as java.util.logging walks them), so text lines keep Tomcat's
     * format and destinations.
     */
    private static final class RequestIdTagger extends Handler {

        private final Logger owner;
        private final java.util.logging.Formatter messages = new java.util.logging.SimpleFormatter();

        RequestIdTagger(Logger owner) {
            this.owner = owner;
        }

        @Override
        public void publish(LogRecord record) {
            String requestId = RequestIds.current();
            if (requestId != null) {
                String message = messages.formatMessage(record);
                record.setMessage("[" + requestId + "] " + message);
                record.setParameters(null);
                record.setResourceBundle(null);
            }
            for (Logger logger = owner.getParent(); logger != null; logger = logger.getParent()) {
                for (Handler parentHandler : logger.getHandlers()) {
                    parentHandler.publish(record);
                }
                if (!logger.getUseParentHandlers()) {
                    return;
                }
            }
        }

        @Override
        public void flush() {
            // the parents' handlers flush themselves
        }

        @Override
        public void close() {
            // nothing of its own
        }
    }
}
