package com.orbusdigital.oid.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseUrlTest {

    @Test
    void parsesTheRunbookForm() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://ods:s3cret@ods-postgres:5432/ods?search_path=oid");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://ods-postgres:5432/ods");
        assertThat(url.host()).isEqualTo("ods-postgres");
        assertThat(url.port()).isEqualTo(5432);
        assertThat(url.database()).isEqualTo("ods");
        assertThat(url.schema()).isEqualTo("oid");
        assertThat(url.user()).contains("ods");
        assertThat(url.toDriverProperties())
                .containsEntry("user", "ods")
                .containsEntry("password", "s3cret")
                .containsEntry("currentSchema", "oid");
    }

    @Test
    void acceptsPostgresqlSchemeAndDefaultsPortAndSchema() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://ods@db.internal/ods");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/ods");
        assertThat(url.schema()).isEqualTo("oid");
        assertThat(url.toDriverProperties()).containsEntry("currentSchema", "oid").doesNotContainKey("password");
    }

    @Test
    void decodesPercentEncodedCredentialsIncludingPlusAndAt() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://od%40s:p%40ss%3Aw%2Fo+rd%25@127.0.0.1:6543/ods");

        assertThat(url.toDriverProperties())
                .containsEntry("user", "od@s")
                .containsEntry("password", "p@ss:w/o+rd%");
        assertThat(url.port()).isEqualTo(6543);
    }

    @Test
    void translatesSslModeAndOtherLibpqParameters() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://u:p@h:5432/ods?sslmode=verify-full&application_name=oid-1&search_path=auth,public");

        assertThat(url.toDriverProperties())
                .containsEntry("sslmode", "verify-full")
                .containsEntry("ApplicationName", "oid-1")
                .containsEntry("currentSchema", "auth,public");
        assertThat(url.schema()).isEqualTo("auth");
    }

    @Test
    void acceptsIpv6Hosts() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://u:p@[::1]:5433/ods");

        assertThat(url.host()).isEqualTo("::1");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/ods");
    }

    @Test
    void keepsJdbcUrlsAsGivenAndAddsTheSchema() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://db:5432/ods?user=ods&password=x&sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/ods?user=ods&password=x&sslmode=require");
        assertThat(url.schema()).isEqualTo("oid");
        assertThat(url.user()).isEqualTo(Optional.of("ods"));
        assertThat(url.toDriverProperties()).containsEntry("currentSchema", "oid");
    }

    @Test
    void jdbcUrlWithCurrentSchemaNamesTheSchema() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://db/ods?currentSchema=identity").schema()).isEqualTo("identity");
    }

    @Test
    void neverPrintsThePassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://ods:hunter2hunter2@db:5432/ods");

        assertThat(url.toString()).doesNotContain("hunter2").contains("db:5432");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "mysql://u:p@h/db",
            "postgres://",
            "postgres://u:p@h:5432",
            "postgres://u:p@h:5432/",
            "postgres://u:p@h:notaport/ods",
            "postgres://u:p@h:70000/ods",
            "postgres://u:p@h/ods?sslmode=sometimes",
            "postgres://u:p@h/ods?search_path=bad;drop",
            "postgres://u:p@h/ods?unknown=1",
            "postgres://u:p@h/ods?sslmode=require&sslmode=disable",
            "postgres://u:p%zz@h/ods",
            "postgres://u:p@h1,h2/ods",
            "jdbc:postgresql://u:p@h/ods",
            "jdbc:mysql://h/ods"})
    void refusesMalformedUrlsNamingTheVariable(String raw) {
        assertThatThrownBy(() -> DatabaseUrl.parse(raw))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("DATABASE_URL ");
    }

    @Test
    void errorMessagesNeverRepeatThePassword() {
        // a slash in an unencoded password moves it where the port is parsed
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://ods:pa/ssword@db:5432/ods"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa").doesNotContain("ssword"));
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://ods:p ss#word@db:5432/ods"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ss#word"));
    }
}
