package com.orbusdigital.oid.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Makes the one configuration object and the clock injectable. */
@ApplicationScoped
public class ConfigProducer {

    @Produces
    @Singleton
    OidConfig config() {
        return OidConfig.load(ConfigSource.standard(), ContainerDataSource.lookup().isPresent());
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
