package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;
import dev.hitless.plan.Plan;
import dev.hitless.plan.PlanPrinter;
import dev.hitless.reader.Observation;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;

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
 */
public record Counterexample(Plan plan, ReaderModel model, Entry observed, Observation observation, int window,
                             int[] readAfterSteps, int stepsExecuted, int storesStraddled) {

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
            sb.append(pad("", width)).append("| ").append(r).append('\n');
        }
        if (steps == stepsExecuted) {
            sb.append(pad("", width)).append("| fetch complete: ").append(seen()).append('\n');
        }
    }

    /** The chunks in the order the trace lists reads of the same moment: address order, reversed for a descending reader. */
    public List<Integer> chunkOrder() {
        int chunks = model.chunks();
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

    /** The qwords of chunk {@code c} as the reader read them: memory after {@code readAfterSteps[c]} plan steps. */
    public long[] chunkRead(int c) {
        Entry e = plan.current();
        for (int i = 0; i < readAfterSteps[c]; i++) e = plan.steps().get(i).applyTo(e);
        int per = model.chunkBits() / 64;
        long[] q = new long[per];
        for (int k = 0; k < per; k++) q[k] = e.qword(c * per + k);
        return q;
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
            boolean isUsed = !fl.mask().and(used).isZero();
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
