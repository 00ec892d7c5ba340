package com.orbusdigital.oid.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * OID's one meter registry, scraped at /metrics. Its own, not Micrometer's global one: a shared
 * Tomcat may run other webapps with Micrometer, and a static registry would mix their meters with
 * ours and pin this webapp's class loader after undeployment.
 */
@ApplicationScoped
public class Metrics {

    private PrometheusMeterRegistry registry;
    /** Listens to the JVM's GC notifications until closed. */
    private JvmGcMetrics gc;

    public Metrics() {
        // Weld calls this for the bean's client proxy too: nothing may be created or bound here
    }

    /**
     * Only the bean itself binds the JVM's meters: JvmGcMetrics adds listeners to the JVM's GC
     * beans, which outlive the webapp, so one bound for the proxy (never closed) would pin the
     * class loader of every deployment.
     */
    @PostConstruct
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        gc = new JvmGcMetrics();
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * The registry to the packages below metrics/ (persistence's connection pool): they bind meters
     * without depending on this package, which depends on them.
     */
    @Produces
    MeterRegistry meterRegistry() {
        return registry;
    }

    /** A counter of this registry (Micrometer caches it by name and tags, so this is cheap to repeat). */
    public Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    @PreDestroy
    void close() {
        gc.close();
        registry.close();
    }
}
