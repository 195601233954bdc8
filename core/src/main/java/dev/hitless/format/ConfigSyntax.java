package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The configuration syntax users type: {@code kind} or {@code kind:param=value,param=value}.
 *
 * <p>Values are decimal or {@code 0x} hex (underscores allowed between digits), {@code true}/{@code false} for
 * flags, or a name from the written field's table of values ({@link Field#values()}) for a parameter that has one;
 * each parameter at most once. A catalogue name of the format is accepted too, and so is a raw entry in the kernel's
 * hex form (the format's {@link EntryFormat#qwords()} qwords): text without {@code :} or {@code =} that starts with a digit, or is two or more hex
 * numbers, is read as one, so a wrong count is reported as a count. Every error is a {@link ConfigException} with
 * one line saying what was expected.
 */
public final class ConfigSyntax {
    /** A number as typed: optional sign, then {@code 0x} and hex digits, or decimal digits; underscores inside. */
    private static final Pattern NUMBER = Pattern.compile("([+-]?)(?:0[xX]([0-9a-fA-F][0-9a-fA-F_]*)|([0-9][0-9_]*))");
    private static final Pattern HEX_WORD = Pattern.compile("(?i)(0x)?[0-9a-f]+");

    private ConfigSyntax() {
    }

    public static Entry parse(EntryFormat format, String spec) {
        String s = spec.strip();
        if (s.isEmpty()) {
            throw new ConfigException("empty configuration; expected kind[:param=value,...], one of " + kinds(format));
        }
        for (NamedConfig c : format.catalogue()) {
            if (c.name().equals(s)) return c.entry();
        }
        if (looksLikeRawEntry(s)) {
            try {
                return Entry.parse(s, format.qwords());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("raw entry '" + s + "': " + e.getMessage());
            }
        }
        int colon = s.indexOf(':');
        String head = colon < 0 ? "" : s.substring(0, colon).strip();
        if (format.configKinds().stream().noneMatch(k -> k.name().equals(head))) {
            for (NamedConfig c : format.catalogue()) {
                if (c.name().equals(head)) {
                    throw new ConfigException("'" + s + "': catalogue name '" + head + "' takes no parameters; "
                            + "write its kind instead, " + c.spec() + ", and change what differs");
                }
            }
        }
        return parseKind(format, s);
    }

    /**
     * For a spec {@code format} does not know whose kind or catalogue name is one of {@code formats}' (a VT-d
     * {@code fl:did=5} given to {@code amd-dte}): the one-line error that says whose it is, e.g. "unknown amd-dte
     * configuration kind 'fl' (a vtd-pasid configuration kind, not amd-dte's); expected one of ...". Empty for a spec
     * of {@code format}'s own kinds and names, or of none. The formats are given by the caller (the command line), so
     * this package's formats do not look each other up.
     */
    public static Optional<ConfigException> writtenForAnother(EntryFormat format, String spec, List<EntryFormat> formats) {
        String s = spec.strip();
        int colon = s.indexOf(':');
        String name = (colon < 0 ? s : s.substring(0, colon)).strip();
        if (name.isEmpty() || format.configKinds().stream().anyMatch(k -> k.name().equals(name))
                || format.catalogue().stream().anyMatch(c -> c.name().equals(name))) {
            return Optional.empty();
        }
        List<String> what = new java.util.ArrayList<>();
        for (EntryFormat f : formats) {
            if (f.name().equals(format.name())) continue;
            if (f.configKinds().stream().anyMatch(k -> k.name().equals(name))) what.add("a " + f.name() + " configuration kind");
            else if (f.catalogue().stream().anyMatch(c -> c.name().equals(name))) what.add("a " + f.name() + " catalogue name");
        }
        if (what.isEmpty()) return Optional.empty();
        return Optional.of(unknownKind(format, name, " (" + String.join(", ", what) + ", not " + format.name() + "'s)"));
    }

    /** {@code note}: "" or what the name is elsewhere, in parentheses after it. */
    private static ConfigException unknownKind(EntryFormat format, String kindName, String note) {
        return new ConfigException("unknown " + format.name() + " configuration kind '" + kindName + "'" + note
                + "; expected one of " + kinds(format) + " or a catalogue name");
    }

    /**
     * An attempt at the kernel's hex form rather than a kind: no {@code :} or {@code =}, and either the first word
     * starts with a digit or there are two or more words that are all hex numbers ({@code dead beef}).
     */
    private static boolean looksLikeRawEntry(String s) {
        if (s.indexOf(':') >= 0 || s.indexOf('=') >= 0) return false;
        List<String> words = Arrays.stream(s.split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) return false;
        char first = words.getFirst().charAt(0);
        if (first >= '0' && first <= '9') return true; // ASCII digits only, as everywhere
        return words.size() > 1 && words.stream().allMatch(w -> HEX_WORD.matcher(w).matches());
    }

    /**
     * Parses {@code kind[:param=value,...]} only: no catalogue names, no raw hex. {@link TableFormat} builds the
     * catalogue with this (the catalogue cannot look itself up while it is being built).
     */
    public static Entry parseKind(EntryFormat format, String spec) {
        String s = spec.strip();
        if (s.isEmpty()) {
            throw new ConfigException("empty configuration; expected kind[:param=value,...], one of " + kinds(format));
        }
        int colon = s.indexOf(':');
        String kindName = (colon < 0 ? s : s.substring(0, colon)).strip();
        if (kindName.isEmpty()) {
            throw new ConfigException("'" + s + "': no configuration kind before ':'; expected one of " + kinds(format));
        }
        ConfigKind kind = format.configKinds().stream().filter(k -> k.name().equals(kindName)).findFirst()
                .orElseThrow(() -> unknownKind(format, kindName, ""));
        Map<String, Long> values = new LinkedHashMap<>();
        for (ConfigKind.Param p : kind.params()) values.put(p.name(), p.defaultValue());
        if (colon >= 0) {
            String rest = s.substring(colon + 1);
            if (rest.isBlank()) {
                throw new ConfigException("'" + s + "': expected param=value after ':'; " + kindName + " takes " + params(kind));
            }
            Map<String, String> given = new LinkedHashMap<>();
            for (String assignment : rest.split(",", -1)) {
                if (assignment.isBlank()) {
                    throw new ConfigException("'" + s + "': empty parameter between commas or after the last one; "
                            + "expected param=value,param=value");
                }
                int eq = assignment.indexOf('=');
                if (eq < 0) {
                    throw new ConfigException("'" + assignment.strip() + "' in '" + s + "': expected param=value; "
                            + kindName + " takes " + params(kind));
                }
                String name = assignment.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String text = assignment.substring(eq + 1).strip();
                if (name.isEmpty()) {
                    throw new ConfigException("'" + assignment.strip() + "' in '" + s + "': no parameter name before '='; "
                            + kindName + " takes " + params(kind));
                }
                ConfigKind.Param p = kind.params().stream().filter(x -> x.name().equals(name)).findFirst()
                        .orElseThrow(() -> new ConfigException("unknown parameter '" + name + "' for " + kindName
                                + "; expected one of " + params(kind)));
                String before = given.putIfAbsent(name, text);
                if (before != null) {
                    throw new ConfigException(kindName + " " + name + " given twice (" + name + "=" + before + ", "
                            + name + "=" + text + "); give each parameter once");
                }
                values.put(name, value(kindName, p, text));
            }
        }
        Entry e = kind.build(values);
        if (e.qwords() != format.qwords()) {
            throw new IllegalStateException(format.name() + " kind " + kindName + " built an entry of " + e.qwords()
                    + " qwords; the format's entry has " + format.qwords());
        }
        return e;
    }

    private static long value(String kind, ConfigKind.Param p, String text) {
        Long symbol = p.symbols().get(text.toLowerCase(Locale.ROOT));
        if (symbol != null) return symbol;
        if (p.isFlag() && text.equalsIgnoreCase("true")) return 1;
        if (p.isFlag() && text.equalsIgnoreCase("false")) return 0;
        Matcher m = NUMBER.matcher(text);
        if (!m.matches() || text.endsWith("_")) {
            throw new ConfigException(kind + " " + p.name() + "='" + text + "': expected " + expected(p));
        }
        BigInteger n = m.group(2) != null ? new BigInteger(m.group(2).replace("_", ""), 16)
                : new BigInteger(m.group(3).replace("_", ""));
        if (m.group(1).equals("-")) n = n.negate();
        boolean fits = n.signum() >= 0 && n.bitLength() <= 64;
        if (!p.symbols().isEmpty()) {
            if (fits && p.symbols().containsValue(n.longValue())) return n.longValue();
            throw new ConfigException(kind + " " + p.name() + "=" + text + ": expected " + expected(p));
        }
        if (!fits || Long.compareUnsigned(n.longValue(), p.max()) > 0) {
            throw new ConfigException(kind + " " + p.name() + "=" + text + ": out of range, expected 0.."
                    + (p.max() == 1 ? "1" : "0x" + Long.toHexString(p.max())) + " (" + p.description() + ")");
        }
        long v = n.longValue();
        if (p.alignment() > 1 && Long.remainderUnsigned(v, p.alignment()) != 0) {
            throw new ConfigException(kind + " " + p.name() + "=" + text + ": misaligned, expected a multiple of 0x"
                    + Long.toHexString(p.alignment()) + " (" + p.description() + ")");
        }
        return v;
    }

    /** What a parameter takes, for the "expected ..." part of a message. */
    private static String expected(ConfigKind.Param p) {
        return p.symbols().isEmpty() ? "a decimal or 0x hex number" + (p.isFlag() ? " or true/false" : "")
                : "one of " + symbols(p) + ", by name or number";
    }

    static String symbols(ConfigKind.Param p) {
        return p.symbols().entrySet().stream().sorted(Map.Entry.comparingByValue())
                .map(e -> e.getKey() + "(" + e.getValue() + ")").collect(Collectors.joining(", "));
    }

    static String kinds(EntryFormat format) {
        return format.configKinds().stream().map(ConfigKind::name).collect(Collectors.joining(", "));
    }

    static String params(ConfigKind kind) {
        return kind.params().isEmpty() ? "no parameters"
                : kind.params().stream().map(ConfigKind.Param::name).collect(Collectors.joining(", "));
    }
}
