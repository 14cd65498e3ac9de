package io.reclaimer.app.config;

/** Invalid configuration; the message starts with {@code file:line:column:} when a position is known. */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
