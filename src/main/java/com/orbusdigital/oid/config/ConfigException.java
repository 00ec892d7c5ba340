package com.orbusdigital.oid.config;

/**
 * A setting that is missing or malformed. The message names the variable and what is wrong; the
 * exception carries no stack trace because the message is the whole story and start-up logs show
 * it as one line.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String variable, String problem) {
        super(variable + " " + problem, null, false, false);
    }
}
