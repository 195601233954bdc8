package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The configuration syntax users type: {@code kind} or {@code kind:param=value,param=value}.
 *
 * <p>Values are decimal or {@code 0x} hex, {@code true}/{@code false} for flags. A catalogue name of the format
 * is accepted too, and so is a raw entry in the kernel's hex form (eight qwords). Every error is a
 * {@link ConfigException} with one line saying what was expected.
 */
public final class ConfigSyntax {
    private ConfigSyntax() {
    }

    public static Entry parse(EntryFormat format, String spec) {
        String s = spec.strip();
        if (s.isEmpty()) {
            throw new ConfigException("empty configuration; expected kind[:param=value,...], one of " + kinds(format));
        }
        if (s.split("[\\s,]+").length == Entry.QWORDS && s.matches("(?i)[0-9a-fx\\s,]+")) {
            try {
                return Entry.parse(s);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("raw entry '" + s + "': " + e.getMessage());
            }
        }
        for (NamedConfig c : format.catalogue()) {
            if (c.name().equals(s)) return c.entry();
        }
        return parseKind(format, s);
    }

    /**
     * Parses {@code kind[:param=value,...]} only: no catalogue names, no raw hex. Formats build their catalogue
     * with this (the catalogue cannot look itself up while it is being built).
     */
    public static Entry parseKind(EntryFormat format, String spec) {
        String s = spec.strip();
        if (s.isEmpty()) {
            throw new ConfigException("empty configuration; expected kind[:param=value,...], one of " + kinds(format));
        }
        int colon = s.indexOf(':');
        String kindName = (colon < 0 ? s : s.substring(0, colon)).strip();
        ConfigKind kind = format.configKinds().stream().filter(k -> k.name().equals(kindName)).findFirst()
                .orElseThrow(() -> new ConfigException("unknown " + format.name() + " configuration kind '" + kindName
                        + "'; expected one of " + kinds(format) + " or a catalogue name"));
        Map<String, Long> values = new LinkedHashMap<>();
        for (ConfigKind.Param p : kind.params()) values.put(p.name(), p.defaultValue());
        if (colon >= 0) {
            String rest = s.substring(colon + 1);
            if (rest.isBlank()) {
                throw new ConfigException("'" + s + "': expected param=value after ':'; " + kindName + " takes " + params(kind));
            }
            for (String assignment : rest.split(",")) {
                int eq = assignment.indexOf('=');
                if (eq < 0) {
                    throw new ConfigException("'" + assignment.strip() + "' in '" + s + "': expected param=value; "
                            + kindName + " takes " + params(kind));
                }
                String name = assignment.substring(0, eq).strip().toLowerCase();
                String text = assignment.substring(eq + 1).strip();
                ConfigKind.Param p = kind.params().stream().filter(x -> x.name().equals(name)).findFirst()
                        .orElseThrow(() -> new ConfigException("unknown parameter '" + name + "' for " + kindName
                                + "; expected one of " + params(kind)));
                values.put(name, value(kindName, p, text));
            }
        }
        return kind.build(values);
    }

    private static long value(String kind, ConfigKind.Param p, String text) {
        Long symbol = p.symbols().get(text.toLowerCase());
        if (symbol != null) return symbol;
        long v;
        try {
            if (text.equalsIgnoreCase("true")) v = 1;
            else if (text.equalsIgnoreCase("false")) v = 0;
            else if (text.startsWith("0x") || text.startsWith("0X")) v = Long.parseUnsignedLong(text.substring(2).replace("_", ""), 16);
            else v = Long.parseUnsignedLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new ConfigException(kind + " " + p.name() + "='" + text + "': expected a decimal or 0x hex number"
                    + (p.max() == 1 ? " or true/false" : "")
                    + (p.symbols().isEmpty() ? "" : " or one of " + symbols(p)));
        }
        if (Long.compareUnsigned(v, p.max()) > 0) {
            throw new ConfigException(kind + " " + p.name() + "=" + text + ": out of range, expected 0.."
                    + (p.max() == 1 ? "1" : "0x" + Long.toHexString(p.max())) + " (" + p.description() + ")");
        }
        if (p.alignment() > 1 && Long.remainderUnsigned(v, p.alignment()) != 0) {
            throw new ConfigException(kind + " " + p.name() + "=" + text + ": misaligned, expected a multiple of 0x"
                    + Long.toHexString(p.alignment()) + " (" + p.description() + ")");
        }
        return v;
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
