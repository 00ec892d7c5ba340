package com.orbusdigital.oid.testing;

import java.net.URI;
import java.util.Optional;

/** One scrape of OID's /metrics in the Prometheus text format, read by exact series. */
public record MetricsScrape(String body) {

    public static MetricsScrape of(URI base, String token) {
        Http.Response response = token == null ? Http.get(base.resolve("metrics"))
                : Http.get(base.resolve("metrics"), "Authorization", "Bearer " + token);
        if (response.status() != 200) {
            throw new AssertionError("GET /metrics: " + response.status() + " " + response.body());
        }
        return new MetricsScrape(response.body());
    }

    /**
     * The value of one series, written exactly as exposed (labels in alphabetical order), e.g.
     * {@code oid_tokens_issued_total{grant_type="client_credentials"}}; empty when it is not there.
     */
    public Optional<Double> value(String series) {
        for (String line : body.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Optional.of(Double.parseDouble(line.substring(series.length() + 1).strip().split(" ")[0]));
            }
        }
        return Optional.empty();
    }

    /** The value, 0 for a series not (yet) there: a counter that never counted. */
    public double count(String series) {
        return value(series).orElse(0.0);
    }
}
