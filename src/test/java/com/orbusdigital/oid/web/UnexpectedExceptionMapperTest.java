package com.orbusdigital.oid.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.orbusdigital.oid.web.OAuthExceptionMapper.ErrorBody;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class UnexpectedExceptionMapperTest {

    @AfterEach
    void clearRequest() {
        MDC.clear();
    }

    @Test
    void theOpaque500QuotesTheRequestIdThatTheLogLinesAndTheAccessLogCarry() {
        MDC.put("request_id", "req-0123456789");
        Response response = new UnexpectedExceptionMapper().toResponse(new IllegalStateException("internal detail"));

        assertThat(response.getStatus()).isEqualTo(500);
        ErrorBody body = (ErrorBody) response.getEntity();
        assertThat(body.error()).isEqualTo("server_error");
        assertThat(body.errorDescription()).isEqualTo("An unexpected error occurred (reference req-0123456789).")
                .doesNotContain("IllegalStateException").doesNotContain("internal detail");
    }

    @Test
    void outsideARequestTheReferenceIsANewId() {
        Response response = new UnexpectedExceptionMapper().toResponse(new IllegalStateException("internal detail"));

        assertThat(((ErrorBody) response.getEntity()).errorDescription())
                .matches("An unexpected error occurred \\(reference [0-9a-f-]{36}\\)\\.");
    }

    @Test
    void duringAnOutageOneWarningPerPeriodCountsTheRefusalsItStoodFor() {
        long[] now = {1_000};
        UnexpectedExceptionMapper.Throttle throttle = new UnexpectedExceptionMapper.Throttle(java.time.Duration.ofSeconds(10), () -> now[0]);

        assertThat(throttle.suppressedSinceLastWarning()).isZero();
        assertThat(throttle.suppressedSinceLastWarning()).isEqualTo(-1);
        assertThat(throttle.suppressedSinceLastWarning()).isEqualTo(-1);
        now[0] += java.time.Duration.ofSeconds(10).toNanos() - 1;
        assertThat(throttle.suppressedSinceLastWarning()).isEqualTo(-1);
        now[0] += 1;
        assertThat(throttle.suppressedSinceLastWarning()).isEqualTo(3);
        assertThat(throttle.suppressedSinceLastWarning()).isEqualTo(-1);
    }
}
