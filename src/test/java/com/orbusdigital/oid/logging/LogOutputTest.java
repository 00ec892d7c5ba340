package com.orbusdigital.oid.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.config.OidConfig.LogFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** OID_LOG_FORMAT=text: OID's lines still reach the container's handlers, tagged with the request id. */
class LogOutputTest {

    private final List<LogRecord> published = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            published.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Logger root = Logger.getLogger("");
    private LogOutput output;

    @BeforeEach
    void install() {
        root.addHandler(capture);
        output = LogOutput.install(LogFormat.TEXT);
    }

    @AfterEach
    void uninstall() {
        output.uninstall();
        root.removeHandler(capture);
        MDC.clear();
    }

    @Test
    void textLinesGoToTheContainersHandlersWithTheRequestId() {
        org.slf4j.Logger log = LoggerFactory.getLogger("com.orbusdigital.oid.signin.Example");
        MDC.put(RequestIds.MDC_KEY, "req-12345678");
        log.info("signed in {}", "someone");
        MDC.clear();
        log.warn("outside a request");

        assertThat(published).extracting(LogRecord::getMessage)
                .containsExactly("[req-12345678] signed in someone", "outside a request");
        assertThat(published).extracting(LogRecord::getLevel).containsExactly(Level.INFO, Level.WARNING);
    }

    @Test
    void uninstallingGivesTheLinesBack() {
        output.uninstall();
        MDC.put(RequestIds.MDC_KEY, "req-12345678");
        LoggerFactory.getLogger("com.orbusdigital.oid.Example").info("plain");

        assertThat(published).extracting(LogRecord::getMessage).containsExactly("plain");
        output = LogOutput.install(LogFormat.TEXT); // for uninstall()
    }
}
