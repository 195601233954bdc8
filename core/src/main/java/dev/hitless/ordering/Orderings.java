package dev.hitless.ordering;

import dev.hitless.plan.Ordering;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds orderings by name: the built-ins, then every {@link Ordering} that a jar on the class path registers in
 * {@code META-INF/services/dev.hitless.plan.Ordering}. Names are unique: a service may not shadow a built-in.
 *
 * <p>Names only: what else a caller accepts in place of a name (the command line also takes a plan file) is the
 * caller's to resolve, so this package does not depend on the plan language.
 */
public final class Orderings {
    private Orderings() {
    }

    /** The built-in orderings, in the order tables print them. */
    public static List<Ordering> builtIns() {
        return List.of(new StructCopy(), new ClearThenUpdate(), UsedBits.qwords(), UsedBits.quanta128(), UsedBits.draft128(),
                UsedBits.qwordsNoLeadingBarrier(), UsedBits.entrySync64(), UsedBits.entrySync128(),
                new AmdUpdateDte256(), new XenNoCx16(), new Amd2009VFirst(), new RiscvIodir(), new RiscvQosInPlace(),
                new VtdContext2026(), new VtdContextPre2026());
    }

    /** The built-ins that {@linkplain Ordering#appliesTo apply to} {@code format}, in table order. */
    public static List<Ordering> builtInsFor(dev.hitless.format.EntryFormat format) {
        return builtIns().stream().filter(o -> o.appliesTo(format)).toList();
    }

    /**
     * {@code o} itself when it {@linkplain Ordering#appliesTo applies to} {@code format}; otherwise an
     * {@link IllegalArgumentException} saying which formats it applies to ("ordering amd-update-dte256 applies to
     * amd-dte only").
     */
    public static Ordering requireAppliesTo(Ordering o, dev.hitless.format.EntryFormat format) {
        if (o.appliesTo(format)) return o;
        List<String> to = dev.hitless.format.Formats.all().stream().filter(o::appliesTo)
                .map(dev.hitless.format.EntryFormat::name).toList();
        throw new IllegalArgumentException("ordering " + o.name() + (to.isEmpty() ? " applies to no built-in format"
                : " applies to " + String.join(", ", to) + " only"));
    }

    /** Built-ins followed by every ordering discovered through {@link ServiceLoader}. */
    public static List<Ordering> all() {
        Map<String, Ordering> byName = new LinkedHashMap<>();
        for (Ordering o : builtIns()) byName.put(o.name(), o);
        for (Ordering o : ServiceLoader.load(Ordering.class)) {
            Ordering clash = byName.putIfAbsent(o.name(), o);
            if (clash != null && clash.getClass() != o.getClass()) {
                throw new IllegalStateException("ordering name '" + o.name() + "' of " + o.getClass().getName()
                        + " is already taken by " + clash.getClass().getName());
            }
        }
        return new ArrayList<>(byName.values());
    }

    /** The ordering called {@code name}; an unknown name is an {@link IllegalArgumentException} listing the known ones. */
    public static Ordering byName(String name) {
        List<Ordering> all = all();
        return all.stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown ordering '" + name + "'; expected one of "
                        + all.stream().map(Ordering::name).collect(Collectors.joining(", "))));
    }
}
