package dev.hitless.attach;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a driver moves a device from the old domain to the new one: the invalidation-list updates and the flushes
 * around the entry update, with the entry update itself as one or more {@link AttachStep.Switch} steps where the
 * ordering under test runs. Built-ins and users' files are written in the attach language
 * ({@link dev.hitless.planlang.AttachFile}); docs/cache-tags.md describes the model.
 *
 * <p>Invariants (checked at construction, {@link #problem}): the entry starts at (tag old, table old) with the device
 * on the old domain's list under the old tag; every switch changes the configuration; the last configuration is
 * (tag new, table new); a list entry is added only when absent and removed only when present.
 *
 * @param name the name used on the command line ({@code --attach NAME})
 * @param description one line: what the sequence is and which kernel code it follows
 * @param knownBad wrong on purpose (a placement the kernel shipped or discussed): a matrix expects its failures, the
 *                 stress gate requires them to be observed
 * @param steps the steps in program order
 */
public record AttachSequence(String name, String description, boolean knownBad, List<AttachStep> steps) {

    public AttachSequence {
        steps = List.copyOf(steps);
        Optional<Problem> p = problem(steps);
        if (p.isPresent()) throw new IllegalArgumentException("attach sequence " + name + ", step " + (p.get().step() + 1) + ": " + p.get().message());
    }

    /** What is wrong with a step list, and at which step (0-based; {@code steps.size()} for the end). */
    public record Problem(int step, String message) {
    }

    /** The first violation of the invariants above, if any. */
    public static Optional<Problem> problem(List<AttachStep> steps) {
        TagId tag = TagId.OLD;
        Domain table = Domain.OLD;
        List<Set<TagId>> lists = List.of(EnumSet.of(TagId.OLD), EnumSet.noneOf(TagId.class));
        boolean switched = false;
        for (int i = 0; i < steps.size(); i++) {
            switch (steps.get(i)) {
                case AttachStep.Switch s -> {
                    if (s.tag() == tag && s.table() == table) {
                        return Optional.of(new Problem(i, "a switch to another configuration; the entry already carries tag "
                                + tag.label() + " and points at the " + table.label() + " table"));
                    }
                    tag = s.tag();
                    table = s.table();
                    switched = true;
                }
                case AttachStep.ListAdd a -> {
                    if (!lists.get(a.domain().ordinal()).add(a.tag())) {
                        return Optional.of(new Problem(i, "a tag the " + a.domain().label() + " domain's list does not hold yet; it holds "
                                + a.tag().label() + " already"));
                    }
                }
                case AttachStep.ListRemove r -> {
                    if (!lists.get(r.domain().ordinal()).remove(r.tag())) {
                        return Optional.of(new Problem(i, "a tag the " + r.domain().label() + " domain's list holds; it does not hold "
                                + r.tag().label()));
                    }
                }
                case AttachStep.FlushIotlb f -> { }
                case AttachStep.FlushDevtlb f -> { }
            }
        }
        if (!switched) return Optional.of(new Problem(steps.size(), "at least one 'switch' (where the entry ordering runs)"));
        if (tag != TagId.NEW || table != Domain.NEW) {
            return Optional.of(new Problem(steps.size(), "the last switch to end at tag new, table new; it ends at tag "
                    + tag.label() + ", table " + table.label()));
        }
        return Optional.empty();
    }

    /** The sequence as an attach file ({@link dev.hitless.planlang.AttachFile} parses it back to an equal one). */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("attach ").append(name).append('\n');
        b.append("about ").append(description).append('\n');
        if (knownBad) b.append("known-bad yes\n");
        for (AttachStep s : steps) b.append(s.text()).append('\n');
        return b.toString();
    }

    /** The switches in program order. */
    public List<AttachStep.Switch> switches() {
        List<AttachStep.Switch> out = new ArrayList<>();
        for (AttachStep s : steps) if (s instanceof AttachStep.Switch w) out.add(w);
        return out;
    }

    /** The configurations the entry passes through: (old, old) first, then each switch's target. */
    public List<DomainSwitch.Config> configs() {
        List<DomainSwitch.Config> out = new ArrayList<>();
        out.add(new DomainSwitch.Config(TagId.OLD, Domain.OLD));
        for (AttachStep.Switch w : switches()) out.add(new DomainSwitch.Config(w.tag(), w.table()));
        return out;
    }

    /** True when some switch passes through the temporary tag. */
    public boolean usesTemporaryTag() {
        return steps.stream().anyMatch(s -> s instanceof AttachStep.Switch w && w.tag() == TagId.TEMP);
    }
}
