package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
     * @param symbols symbolic values accepted instead of a number, lower-case name to value (e.g. the STE's
     *                {@code s1dss=bypass}); empty for plain numbers. When there are symbols they are the only values
     *                the parameter takes, by name or by number
     */
    public record Param(String name, String description, long defaultValue, long max, long alignment,
                        Map<String, Long> symbols) {
        public Param {
            symbols = Map.copyOf(symbols);
        }

        /** A parameter without symbolic values. */
        public Param(String name, String description, long defaultValue, long max, long alignment) {
            this(name, description, defaultValue, max, alignment, Map.of());
        }

        /**
         * A parameter that writes {@code field} and takes the field's named values, by name (lower-case, e.g.
         * {@code s1dss=bypass}) or by number, and no other value.
         */
        public static Param named(String name, String description, long defaultValue, Field field) {
            Map<String, Long> symbols = new LinkedHashMap<>();
            field.values().forEach((v, n) -> symbols.put(n.toLowerCase(Locale.ROOT), v));
            return new Param(name, description, defaultValue, 0, 1, Map.of()).withSymbols(symbols);
        }

        /** This parameter also taking {@code symbol} for {@code value}, a value its field leaves unnamed. */
        public Param withSymbol(String symbol, long value) {
            Map<String, Long> more = new LinkedHashMap<>(symbols);
            more.put(symbol, value);
            return withSymbols(more);
        }

        private Param withSymbols(Map<String, Long> s) {
            long largest = s.values().stream().mapToLong(Long::longValue).max().orElse(0);
            return new Param(name, description, defaultValue, largest, alignment, s);
        }

        /** A 0/1 parameter without symbols: it takes {@code true}/{@code false} too. */
        public boolean isFlag() {
            return max == 1 && symbols.isEmpty();
        }

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
