package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;
import dev.hitless.plan.Plan;
import dev.hitless.plan.PlanPrinter;
import dev.hitless.plan.Step;
import dev.hitless.reader.Observation;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;
import dev.hitless.reader.Visibility;

import java.util.ArrayList;
import java.util.List;

/**
 * One observation the checker found, with the moment each chunk was read.
 *
 * @param plan the plan
 * @param model the reader model
 * @param observed the entry the hardware assembled
 * @param observation its judgement (TORN or BLOCKED) and where each chunk came from
 * @param window index of the window (0 = before the first entry sync)
 * @param readAfterSteps per chunk: how many plan steps had run when that chunk was read
 * @param stepsExecuted plan steps run when the fetch completed (the primary length)
 * @param storesStraddled stores that landed between the fetch's first and last chunk read
 * @param tablesNotVisible for UNINIT: the pointer fields whose new tables the device could not yet see; else empty
 */
public record Counterexample(Plan plan, ReaderModel model, Entry observed, Observation observation, int window,
                             int[] readAfterSteps, int stepsExecuted, int storesStraddled,
                             List<String> tablesNotVisible) {

    public Counterexample {
        tablesNotVisible = List.copyOf(tablesNotVisible);
    }

    /** The same observation in {@code otherPlan} under {@code otherModel}, which read alike ({@link CheckResult#relabelled}). */
    public Counterexample relabelled(Plan otherPlan, ReaderModel otherModel) {
        return new Counterexample(otherPlan, otherModel, observed, observation, window, readAfterSteps, stepsExecuted,
                storesStraddled, tablesNotVisible);
    }

    /** The judgement of the observed entry. */
    public Seen seen() {
        return observation.seen();
    }

    /** The two-lane trace, the observed entry and its fields, for a kernel developer. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(headline()).append('\n');
        sb.append(trace());
        EntryFormat f = plan.format();
        sb.append("  observed ").append(observed).append('\n');
        sb.append("           ").append(f.decode(observed)).append('\n');
        sb.append(fields());
        return sb.toString();
    }

    /** The first line of {@link #render}: the judgement, the chunk letters, and when the fetch completes. */
    public String headline() {
        return seen() + " observation (" + observation.chunks() + ", reader " + model.label()
                + "): the fetch completes after step " + stepsExecuted + " and straddles " + storesStraddled + " store"
                + (storesStraddled == 1 ? "" : "s");
    }

    /** Writer steps on the left as {@link PlanPrinter} prints them, the reader's chunk reads on the right. */
    public String trace() {
        List<String> writer = PlanPrinter.lines(plan.format(), plan.current(), plan.steps());
        int width = Math.min(110, Math.max(40, writer.stream().mapToInt(String::length).max().orElse(0))) + 2;
        StringBuilder sb = new StringBuilder();
        sb.append(pad("  step  writer", width)).append("| reader (").append(model.label()).append(")\n");
        if (!tablesNotVisible.isEmpty()) {
            sb.append(pad("  init  tables for " + String.join(", ", tablesNotVisible) + " (no dma_wmb before step 1)", width))
                    .append("| not yet visible to the device when the fetch completes\n");
        }
        readsAt(sb, 0, width);
        for (int i = 0; i < writer.size(); i++) {
            sb.append(pad(writer.get(i), width)).append(i + 1 <= stepsExecuted ? "|" : "").append('\n');
            readsAt(sb, i + 1, width);
        }
        return sb.toString().replaceAll("[ ]+\n", "\n");
    }

    private void readsAt(StringBuilder sb, int steps, int width) {
        for (int c : chunkOrder()) {
            if (readAfterSteps[c] != steps) continue;
            StringBuilder r = new StringBuilder("read ");
            r.append(chunkName(c)).append(' ');
            long[] q = chunkRead(c);
            for (int k = 0; k < q.length; k++) r.append(k > 0 ? " " : "").append(Entry.hex(q[k]));
            r.append("  ").append(chunkSource(c));
            List<Integer> hidden = storesNotVisible(c);
            if (!hidden.isEmpty()) {
                r.append("  (step").append(hidden.size() == 1 ? " " : "s ")
                        .append(String.join(", ", hidden.stream().map(i -> String.valueOf(i + 1)).toList()))
                        .append(" not yet visible)");
            }
            sb.append(pad("", width)).append("| ").append(r).append('\n');
        }
        if (steps == stepsExecuted) {
            sb.append(pad("", width)).append("| fetch complete: ").append(seen()).append('\n');
        }
    }

    /** The chunks in the order the trace lists reads of the same moment: address order, reversed for a descending reader. */
    public List<Integer> chunkOrder() {
        int chunks = model.chunks(plan.format());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            order.add(model.order() == ReaderModel.ChunkOrder.DESCENDING ? chunks - 1 - i : i);
        }
        return order;
    }

    /** Chunk {@code c} as the trace names it: {@code q3} for a 64-bit reader, {@code c1 q2-3} for wider chunks. */
    public String chunkName(int c) {
        int per = model.chunkBits() / 64;
        return per == 1 ? "q" + c : "c" + c + " q" + (c * per) + "-" + (c * per + per - 1);
    }

    /** The qwords of chunk {@code c} as the reader read them. */
    public long[] chunkRead(int c) {
        int per = model.chunkBits() / 64;
        long[] q = new long[per];
        for (int k = 0; k < per; k++) q[k] = observed.qword(c * per + k);
        return q;
    }

    /**
     * The stores to chunk {@code c} that had run when it was read but that it does not show, by step index: the ones
     * the device had not seen yet (only under a visibility that lets stores overtake each other). For each qword of
     * the chunk, the stores after the longest program-order prefix that explains the value read.
     */
    public List<Integer> storesNotVisible(int c) {
        int per = model.chunkBits() / 64;
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < per; k++) {
            int q = c * per + k;
            List<Integer> writes = new ArrayList<>();
            Entry e = plan.current();
            int prefix = e.qword(q) == observed.qword(q) ? 0 : -1;
            for (int i = 0; i < readAfterSteps[c]; i++) {
                Step s = plan.steps().get(i);
                if (!s.isStore() || (s.writtenQwords() & (1 << q)) == 0) continue;
                e = s.applyTo(e);
                writes.add(i);
                if (e.qword(q) == observed.qword(q)) prefix = writes.size();
            }
            if (prefix >= 0) out.addAll(writes.subList(prefix, writes.size()));
        }
        out.sort(null);
        return out;
    }

    /** Where chunk {@code c} came from, in words: old, new, old = new or neither (its observation letter o/n/=/x). */
    public String chunkSource(int c) {
        return switch (observation.chunk(c)) {
            case 'o' -> "old";
            case 'n' -> "new";
            case '=' -> "old = new";
            default -> "neither";
        };
    }

    /** Every field where old, new and observed do not all agree: which of old/new the observed value is. */
    public String fields() {
        EntryFormat f = plan.format();
        Entry used = f.usedBits(observed);
        StringBuilder sb = new StringBuilder();
        List<String[]> rows = new ArrayList<>();
        for (Field fl : f.fields()) {
            long o = fl.get(plan.current()), t = fl.get(plan.target()), x = fl.get(observed);
            if (o == t && t == x) continue;
            String from = x == o && x == t ? "both" : x == o ? "old" : x == t ? "new" : "neither";
            boolean isUsed = fl.intersects(used);
            rows.add(new String[]{fl.name(), from, value(f, fl, x),
                    "(old " + value(f, fl, o) + ", new " + value(f, fl, t) + ")" + (isUsed ? "" : "  ignored by the observed configuration")});
        }
        int w0 = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int w2 = rows.stream().mapToInt(r -> r[2].length()).max().orElse(0);
        String label = "  fields   ";
        for (String[] r : rows) {
            sb.append(label).append(pad(r[0], w0)).append("  ").append(pad(r[1], 7)).append("  ").append(pad(r[2], w2))
                    .append("  ").append(r[3]).append('\n');
            label = "           ";
        }
        return sb.toString();
    }

    private static String value(EntryFormat f, Field fl, long v) {
        String s = f.formatValue(fl, v);
        return s.substring(s.indexOf('=') + 1);
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }
}
