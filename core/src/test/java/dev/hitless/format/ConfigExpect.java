package dev.hitless.format;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Test helper: a spec must be rejected with a one-line message. */
final class ConfigExpect {
    private ConfigExpect() {
    }

    static ConfigException rejects(EntryFormat f, String spec) {
        ConfigException x = assertThrows(ConfigException.class, () -> f.parseConfig(spec), spec);
        assertFalse(x.getMessage().contains("\n"), "message must be one line: " + x.getMessage());
        return x;
    }
}
