package com.orbusdigital.oid.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class JsonLogFormatterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonLogFormatter formatter = new JsonLogFormatter();

    @AfterEach
    void clearRequest() {
        MDC.clear();
    }

    private static LogRecord record(Level level, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("com.orbusdigital.oid.Example");
        record.setInstant(Instant.parse("2026-12-04T10:15:30.123Z"));
        return record;
    }

    @Test
    void writesOneObjectPerLineWithTheRequestIdInsideARequest() throws Exception {
        MDC.put(RequestIds.MDC_KEY, "req-12345678");
        String line = formatter.format(record(Level.WARNING, "quote \" backslash \\ newline\n tab\t done"));

        assertThat(line).endsWith(System.lineSeparator());
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = JSON.readTree(line);
        assertThat(json.path("timestamp").asText()).isEqualTo("2026-12-04T10:15:30.123Z");
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("logger").asText()).isEqualTo("com.orbusdigital.oid.Example");
        assertThat(json.path("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(json.path("message").asText()).isEqualTo("quote \" backslash \\ newline\n tab\t done");
        assertThat(json.path("request_id").asText()).isEqualTo("req-12345678");
        assertThat(json.has("exception")).isFalse();
    }

    @Test
    void putsTheStackTraceIntoOneStringFieldAndLeavesTheRequestIdOutOutsideRequests() throws Exception {
        LogRecord record = record(Level.SEVERE, "failed");
        record.setThrown(new IllegalStateException("outer", new RuntimeException("inner")));
        String line = formatter.format(record);

        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = JSON.readTree(line);
        assertThat(json.path("level").asText()).isEqualTo("ERROR");
        assertThat(json.has("request_id")).isFalse();
        assertThat(json.path("exception").asText()).startsWith("java.lang.IllegalStateException: outer\n\tat ")
                .contains("Caused by: java.lang.RuntimeException: inner");
    }

    @Test
    void namesLevelsAsLogPipelinesDo() {
        assertThat(JsonLogFormatter.level(Level.SEVERE)).isEqualTo("ERROR");
        assertThat(JsonLogFormatter.level(Level.WARNING)).isEqualTo("WARN");
        assertThat(JsonLogFormatter.level(Level.INFO)).isEqualTo("INFO");
        assertThat(JsonLogFormatter.level(Level.CONFIG)).isEqualTo("DEBUG");
        assertThat(JsonLogFormatter.level(Level.FINE)).isEqualTo("DEBUG");
        assertThat(JsonLogFormatter.level(Level.FINER)).isEqualTo("TRACE");
        assertThat(JsonLogFormatter.level(Level.FINEST)).isEqualTo("TRACE");
    }
}
