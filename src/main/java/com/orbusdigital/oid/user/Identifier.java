package com.orbusdigital.oid.user;

import java.util.Optional;

/**
 * A username or an email address as {@link Usernames} and {@link EmailAddresses} enforce it: the one
 * form that is stored, shown and compared, or why the text cannot be one (a message for a 400 field
 * error, which never repeats the text).
 */
public sealed interface Identifier {

    record Valid(String value) implements Identifier {}

    record Invalid(String problem) implements Identifier {}

    default Optional<String> valid() {
        return this instanceof Valid valid ? Optional.of(valid.value()) : Optional.empty();
    }
}
