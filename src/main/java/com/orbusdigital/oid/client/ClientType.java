package com.orbusdigital.oid.client;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/** RFC 6749 §2.1: a confidential client can keep a secret, a public one (SPA, mobile app) cannot. */
public enum ClientType {
    CONFIDENTIAL,
    PUBLIC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Converter
    public static class ColumnConverter implements AttributeConverter<ClientType, String> {
        @Override
        public String convertToDatabaseColumn(ClientType type) {
            return type == null ? null : type.wireName();
        }

        @Override
        public ClientType convertToEntityAttribute(String column) {
            return column == null ? null : ClientType.valueOf(column.toUpperCase(Locale.ROOT));
        }
    }
}
