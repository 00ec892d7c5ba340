package com.orbusdigital.oid.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.orbusdigital.oid.testing.Http;
import com.orbusdigital.oid.testing.RelyingParty;
import com.orbusdigital.oid.testing.StandaloneTomcat;
import com.orbusdigital.oid.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Inside an existing Tomcat, OID is configured in the deployer's context file: JNDI environment
 * entries win over environment variables, and a container-managed pool (java:comp/env/jdbc/oid)
 * replaces DATABASE_URL.
 */
class JndiConfigurationIT {

    @Test
    void contextEntriesOverrideTheEnvironmentAndAContainerPoolReplacesDatabaseUrl() throws Exception {
        try (TestPostgres postgres = TestPostgres.start(StandaloneTomcat.freePort())) {
            try (StandaloneTomcat tomcat = new StandaloneTomcat("jndi", Map.of(
                    "JWT_ISSUER", "http://wrong.example",
                    "JWT_AUDIENCE", "from-environment"))) {
                tomcat.addLibrary(postgresDriver());
                tomcat.contextFile("""
                        <Context>
                          <Environment name="JWT_ISSUER" value="%s" type="java.lang.String" override="false"/>
                          <Environment name="JWT_AUDIENCE" value="from-context" type="java.lang.String" override="false"/>
                          <Environment name="OID_BOOTSTRAP_CLIENT_ID" value="jndi-admin" type="java.lang.String" override="false"/>
                          <Environment name="OID_BOOTSTRAP_CLIENT_SECRET" value="jndi-bootstrap-secret-0123456789abcdef" type="java.lang.String" override="false"/>
                          <Resource name="jdbc/oid" auth="Container" type="javax.sql.DataSource"
                                    driverClassName="org.postgresql.Driver"
                                    url="jdbc:postgresql://127.0.0.1:%d/ods?currentSchema=oid"
                                    username="ods" password="%s" maxTotal="5"/>
                        </Context>
                        """.formatted(tomcat.issuer(), postgres.port(), TestPostgres.PASSWORD.replace("&", "&amp;")));
                tomcat.start();
                Http.awaitReady(tomcat.base(), Duration.ofSeconds(120));

                RelyingParty relyingParty = new RelyingParty(tomcat.issuer(), "from-context");
                String token = relyingParty.clientCredentials("jndi-admin", "jndi-bootstrap-secret-0123456789abcdef", null)
                        .toSuccessResponse().getTokens().getAccessToken().getValue();
                JWTClaimsSet claims = relyingParty.verifyAccessToken(token);
                assertThat(claims.getIssuer()).isEqualTo(tomcat.issuer());
                assertThat(claims.getAudience()).containsExactly("from-context");
                assertThat(tomcat.logLines()).anyMatch(line -> line.contains("database java:comp/env/jdbc/oid"));
            }
        }
    }

    private static Path postgresDriver() throws Exception {
        Path webInfLib = Path.of("target/oid/WEB-INF/lib");
        try (Stream<Path> jars = Files.list(webInfLib)) {
            return jars.filter(jar -> jar.getFileName().toString().startsWith("postgresql-")).findFirst().orElseThrow();
        }
    }
}
