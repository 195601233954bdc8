package dev.hitless.ordering;

import dev.hitless.plan.Ordering;

import dev.hitless.ordering.PlanFileLoader.PlanFileException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds orderings by name: the built-ins, then every {@link Ordering} that a jar on the class path registers in
 * {@code META-INF/services/dev.hitless.plan.Ordering}. Names are unique: a service may not shadow a built-in.
 */
public final class Orderings {
    private Orderings() {
    }

    /** The built-in orderings, in the order tables print them. */
    public static List<Ordering> builtIns() {
        return List.of(new StructCopy(), new ClearThenUpdate(), UsedBits.qwords(), UsedBits.quanta128(), UsedBits.draft128());
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
                        + all.stream().map(Ordering::name).collect(Collectors.joining(", ")) + " or a plan file"));
    }

    private static volatile PlanFileLoader planFileLoader;

    /** Installs the plan-file loader used before any {@link ServiceLoader}-registered one (null removes it). */
    public static void setPlanFileLoader(PlanFileLoader loader) {
        planFileLoader = loader;
    }

    /**
     * What the command line's {@code --ordering} names: a built-in or service-loaded ordering by name, else a plan
     * file. A name that is neither an ordering nor an existing file is an {@link IllegalArgumentException} listing the
     * known names; a file no loader reads is a {@link PlanFileException} ("plan files are not supported yet"); a file
     * a loader owns but cannot parse is the loader's {@link PlanFileException}.
     */
    public static Ordering resolve(String nameOrPath) {
        List<Ordering> all = all();
        for (Ordering o : all) {
            if (o.name().equals(nameOrPath)) return o;
        }
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            return byName(nameOrPath); // throws with the list of names
        }
        PlanFileLoader first = planFileLoader;
        if (first != null) {
            Optional<Ordering> o = first.load(file);
            if (o.isPresent()) return o.get();
        }
        for (PlanFileLoader l : ServiceLoader.load(PlanFileLoader.class)) {
            Optional<Ordering> o = l.load(file);
            if (o.isPresent()) return o.get();
        }
        throw new PlanFileException(nameOrPath + ": plan files are not supported yet (no plan-file loader is installed)");
    }
}
