package dev.hitless.cwriter;

import dev.hitless.entry.Entry;

/**
 * One transition a C writer is run on.
 *
 * @param name how messages name it, e.g. {@code fl-did5-a -> fl-did6-b}
 * @param current the live entry before the writer runs
 * @param target the entry the writer is asked to reach
 */
public record Transition(String name, Entry current, Entry target) {
}
