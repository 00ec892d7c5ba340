package com.orbusdigital.oid.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: {@code timestamp} (ISO-8601, UTC), {@code level} (ERROR, WARN, INFO,
 * DEBUG, TRACE), {@code logger}, {@code thread}, {@code message}, {@code request_id} inside a
 * request, and {@code exception}: the stack trace as one string, so a multi-line trace never
 * breaks the one-line-per-record contract a log collector relies on.
 */
public final class JsonLogFormatter extends Formatter {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String format(LogRecord record) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("timestamp", record.getInstant().toString());
            json.writeStringField("level", level(record.getLevel()));
            json.writeStringField("logger", record.getLoggerName());
            json.writeStringField("thread", thread(record));
            json.writeStringField("message", formatMessage(record));
            String requestId = RequestIds.current();
            if (requestId != null) {
                json.writeStringField("request_id", requestId);
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                json.writeStringField("exception", trace.toString().stripTrailing());
            }
            json.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return line.append(System.lineSeparator()).toString();
    }

    /** The names log pipelines know (SLF4J's), from java.util.logging's levels. */
    static String level(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    /** Handlers here publish on the logging thread, so its name is the record's; otherwise its id. */
    private static String thread(LogRecord record) {
        Thread current = Thread.currentThread();
        return current.getId() == record.getLongThreadID() ? current.getName() : "#" + record.getLongThreadID();
    }
}
