package dev.hitless.format;

import dev.hitless.entry.Entry;

/**
 * A catalogue configuration: a short name, the text spec that builds it, and the entry itself.
 *
 * @param name catalogue name, e.g. {@code fl-did5-a}
 * @param spec the configuration syntax that builds {@code entry}, e.g. {@code fl:did=5,fsptptr=0x1000}
 * @param entry the built entry
 */
public record NamedConfig(String name, String spec, Entry entry) {
}
