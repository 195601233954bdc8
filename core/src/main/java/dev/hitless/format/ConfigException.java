package dev.hitless.format;

/** A configuration text that does not parse; the message is one line saying what was expected. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
