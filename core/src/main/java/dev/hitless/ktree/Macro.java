package dev.hitless.ktree;

import java.util.List;

/**
 * A {@code #define} of an active block.
 *
 * @param params the parameter names of a function-like macro, null for an object-like one
 * @param body the replacement text (comments removed, continuations joined)
 * @param text the whole directive as one line, {@code #define NAME... BODY}
 */
record Macro(String name, List<String> params, String body, String text, int firstLine, int lastLine) {
}
