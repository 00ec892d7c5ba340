package com.orbusdigital.oid.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.spi.PersistenceProvider;
import jakarta.persistence.spi.PersistenceProviderResolver;
import jakarta.persistence.spi.PersistenceProviderResolverHolder;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OID's EntityManagerFactory is Hibernate's, whatever other JPA provider a server makes visible. */
class DatabaseTest {

    @AfterEach
    void defaultResolver() {
        PersistenceProviderResolverHolder.setPersistenceProviderResolver(null);
    }

    @Test
    void anotherProviderSeenFirstNeverBuildsOidsFactory() {
        PersistenceProvider servers = proxy(PersistenceProvider.class, (proxy, called, args) -> {
            throw new AssertionError("the server's JPA provider was asked: " + called.getName());
        });
        PersistenceProviderResolverHolder.setPersistenceProviderResolver(new PersistenceProviderResolver() {
            @Override
            public List<PersistenceProvider> getPersistenceProviders() {
                return List.of(servers);
            }

            @Override
            public void clearCachedProviders() {}
        });
        // never asked: the factory is built without a connection, as at every start-up
        DataSource unreachable = proxy(DataSource.class, (proxy, called, args) -> {
            throw new UnsupportedOperationException(called.getName());
        });

        EntityManagerFactory factory = Database.entityManagerFactory(Map.of(
                "jakarta.persistence.nonJtaDataSource", unreachable,
                "hibernate.default_schema", "oid",
                "hibernate.connection.provider_disables_autocommit", "true"));
        try {
            assertThat(factory).isInstanceOf(SessionFactory.class);
            assertThat(factory.getMetamodel().getEntities()).isNotEmpty();
        } finally {
            factory.close();
        }
    }

    private static <T> T proxy(Class<T> type, java.lang.reflect.InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(DatabaseTest.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
