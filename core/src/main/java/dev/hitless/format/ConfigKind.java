package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A kind of configuration a driver writes (VT-d {@code fl}, STE {@code ste-s2}, ...), with its parameters.
 *
 * @param name the kind as typed before the colon in the configuration syntax
 * @param description one line: what the driver writes for it
 * @param params the parameters the kind accepts, with defaults
 * @param builder builds the entry from a value for every parameter (defaults filled in)
 */
public record ConfigKind(String name, String description, List<Param> params,
                         Function<Map<String, Long>, Entry> builder) {

    /**
     * A parameter of a configuration kind.
     *
     * @param name lower-case name as typed ({@code did}, {@code fsptptr})
     * @param description one line
     * @param defaultValue value used when the parameter is not given
     * @param max largest accepted value (unsigned)
     * @param alignment required alignment in bytes (1 = none), e.g. 4096 for page-table pointers
     */
    public record Param(String name, String description, long defaultValue, long max, long alignment) {
        public static Param value(String name, String description, long defaultValue, long max) {
            return new Param(name, description, defaultValue, max, 1);
        }

        public static Param pointer(String name, String description, long defaultValue, long max, long alignment) {
            return new Param(name, description, defaultValue, max, alignment);
        }

        public static Param flag(String name, String description, boolean defaultValue) {
            return new Param(name, description, defaultValue ? 1 : 0, 1, 1);
        }
    }

    public Entry build(Map<String, Long> values) {
        return builder.apply(values);
    }
}
