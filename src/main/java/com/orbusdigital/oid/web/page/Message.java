package com.orbusdigital.oid.web.page;

import java.util.List;
import java.util.Objects;

/**
 * Text a page shows: a key of the message bundles ({@code i18n/messages*.properties}) and its
 * arguments, formatted in the page's language. Arguments are data (names, numbers), never markup.
 */
public record Message(String key, List<Object> arguments) {

    public Message {
        Objects.requireNonNull(key, "key");
        arguments = List.copyOf(arguments);
    }

    public static Message of(String key, Object... arguments) {
        return new Message(key, List.of(arguments));
    }
}
