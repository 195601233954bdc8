package dev.hitless.cli;

import dev.hitless.check.Requirement;
import dev.hitless.check.Verdict;
import dev.hitless.cwriter.RecordedOrdering;
import dev.hitless.cwriter.Recording;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.NamedConfig;
import dev.hitless.matrix.Matrix;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.reader.Visibility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code c-check --against-tree OLD_DIR}: the same driver's writer recorded in another tree (before a patch), and
 * every transition whose recorded plan the patch changed: the first differing step side by side (as
 * {@code --against} shows it) and the verdict under every reader and both visibilities before and after. A verdict
 * is worse when it is further down {@link Verdict}'s order (HITLESS, BREAKING, ..., TORN) or the requirement it met
 * before is now violated.
 *
 * @param tree the old tree as the user typed it
 * @param label how messages name the old writer
 */
record AgainstTree(String tree, String label, List<Recording> recordings) {
    /** Transitions listed unless --all. */
    private static final int EXAMPLES = 5;

    /** One reader and visibility: the verdict before and after. */
    record Verdicts(Visibility visibility, String reader, Verdict before, Verdict after, boolean metBefore, boolean metAfter) {
        boolean worse() {
            return after.ordinal() > before.ordinal() || metBefore && !metAfter;
        }

        boolean better() {
            return after.ordinal() < before.ordinal() || !metBefore && metAfter;
        }
    }

    /** A transition whose recorded plan changed. */
    record Change(PlanDifference step, List<Verdicts> verdicts) {
        boolean worse() {
            return verdicts.stream().anyMatch(Verdicts::worse);
        }

        /** Some verdict got better and none worse. */
        boolean better() {
            return !worse() && verdicts.stream().anyMatch(Verdicts::better);
        }
    }

    /** What changed from the old tree to the new one. */
    record Comparison(String tree, int transitions, List<Change> changes) {
        boolean worse() {
            return changes.stream().anyMatch(Change::worse);
        }

        String text(boolean all) {
            StringBuilder sb = new StringBuilder("\nagainst-tree ").append(tree).append(": ");
            if (changes.isEmpty()) {
                return sb.append("the same, ").append(transitions).append(" of ").append(transitions)
                        .append(" recorded plans are step for step the old tree's\n").toString();
            }
            long worse = changes.stream().filter(Change::worse).count(), better = changes.stream().filter(Change::better).count();
            sb.append(worse > 0 ? "WORSE, " : "changed, ").append(changes.size()).append(" of ").append(transitions)
                    .append(" recorded plans changed, ").append(worse).append(" with a verdict that got worse, ").append(better)
                    .append(" better; the first differing step (before | after) and the verdicts before -> after:\n");
            List<Change> order = new ArrayList<>(changes.stream().filter(Change::worse).toList());
            order.addAll(changes.stream().filter(Change::better).toList());
            order.addAll(changes.stream().filter(c -> !c.worse() && !c.better()).toList());
            int shown = 0;
            for (Change c : order) {
                if (!all && shown == EXAMPLES) {
                    sb.append("  ... ").append(order.size() - shown).append(" more (--all lists them)\n");
                    break;
                }
                PlanDifference d = c.step();
                sb.append("  ").append(d.transition()).append(", step ").append(d.step()).append(c.worse() ? ", WORSE" : c.better() ? ", better" : "").append(":\n");
                sb.append(String.format("    %-7s%s%n", "before", d.builtIn()));
                sb.append(String.format("    %-7s%s%n", "after", d.recorded()));
                for (Visibility v : Visibility.values()) {
                    sb.append(String.format("    %-17s", v.label()));
                    List<String> parts = new ArrayList<>();
                    for (Verdicts x : c.verdicts()) {
                        if (x.visibility() != v) continue;
                        parts.add(x.reader() + " " + x.before() + (x.before() == x.after() && x.metBefore() == x.metAfter() ? ""
                                : " -> " + x.after()) + (x.worse() ? " (worse)" : ""));
                    }
                    sb.append(String.join(", ", parts)).append('\n');
                }
                shown++;
            }
            return sb.toString();
        }

        /** The comparison for the JSON report. */
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tree", tree);
            m.put("transitions", transitions);
            m.put("worse", worse());
            List<Map<String, Object>> list = new ArrayList<>();
            for (Change c : changes) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("from", c.step().from().name());
                x.put("to", c.step().to().name());
                x.put("step", c.step().step());
                x.put("before", c.step().builtIn().strip());
                x.put("after", c.step().recorded().strip());
                x.put("worse", c.worse());
                List<Map<String, Object>> vs = new ArrayList<>();
                for (Verdicts v : c.verdicts()) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("visibility", v.visibility().label());
                    o.put("reader", v.reader());
                    o.put("before", v.before().name());
                    o.put("after", v.after().name());
                    o.put("worse", v.worse());
                    vs.add(o);
                }
                x.put("verdicts", vs);
                list.add(x);
            }
            m.put("changes", list);
            return m;
        }

        /** One JUnit case per changed transition, failing where a verdict got worse. */
        Map<String, String> junitCases() {
            Map<String, String> m = new LinkedHashMap<>();
            for (Change c : changes) {
                m.put("against-tree " + c.step().transition(), c.worse() ? "a verdict got worse against " + tree + " (step "
                        + c.step().step() + ": before " + c.step().builtIn().strip() + " | after " + c.step().recorded().strip() + ")" : null);
            }
            return m;
        }
    }

    /** The transitions whose plan {@code recorded} (the new tree's) records differently from this old tree's. */
    Comparison compare(EntryFormat f, List<NamedConfig[]> pairs, RecordedOrdering recorded, List<String> presets, Requirement require) {
        RecordedOrdering old = new RecordedOrdering(label, f, recordings, (c, t) -> Claim.UNCLAIMED);
        List<Visibility> all = Arrays.asList(Visibility.values());
        List<Change> changes = new ArrayList<>();
        for (NamedConfig[] p : pairs) {
            Plan after = recorded.plan(f, p[0].entry(), p[1].entry()), before = old.plan(f, p[0].entry(), p[1].entry());
            PlanDifference d = PlanDifference.of(p[0], p[1], after, before, "the old tree's plan");
            if (d.step() == 0) continue;
            List<Matrix.Cell> b = Matrix.cells(before, p[0], p[1], old, presets, all, require, false);
            List<Matrix.Cell> a = Matrix.cells(after, p[0], p[1], recorded, presets, all, require, false);
            List<Verdicts> vs = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                vs.add(new Verdicts(a.get(i).visibility(), a.get(i).reader(), b.get(i).verdict(), a.get(i).verdict(), b.get(i).met(), a.get(i).met()));
            }
            changes.add(new Change(d, vs));
        }
        return new Comparison(tree, pairs.size(), changes);
    }
}
