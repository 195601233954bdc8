package dev.hitless.plan;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints a plan's steps the way a kernel developer reads them: step number, kind, qword or chunk, the value stored in
 * hex, and the fields that the step changes, decoded by name. {@link Plan#toString()} and the checker's
 * counterexamples print their steps with it; it knows steps and entries, not plans.
 */
public final class PlanPrinter {
    private PlanPrinter() {
    }

    /**
     * One step as a fixed-width line: {@code  3  store64  q1    0x...  DID 0x1->0x5}; a 32-bit store names its word
     * and the half of a qword it is: {@code store32  w1 q0 high  0x40000000}. A plain (compiler-reorderable)
     * store reads {@code store64  q1 plain}, a barrier names its kind: {@code barrier  dma_wmb}.
     */
    public static String line(int number, Step s, EntryFormat format, Entry before, Entry after) {
        String kind;
        String where;
        String value;
        switch (s) {
            case Step.Store32 st -> {
                kind = "store32";
                where = "w" + st.word() + " q" + st.qword() + (st.high() ? " high" : " low");
                value = String.format("0x%08x", st.value());
            }
            case Step.Store64 st -> {
                kind = "store64";
                where = "q" + st.qword() + (st.plain() ? " plain" : "");
                value = Entry.hex(st.value());
            }
            case Step.Store128 st -> {
                kind = "store128";
                where = "c" + st.chunk() + " q" + (2 * st.chunk()) + "-" + (2 * st.chunk() + 1);
                value = Entry.hex(st.low()) + " " + Entry.hex(st.high());
            }
            case Step.Barrier b -> {
                kind = "barrier";
                where = b.kind().label();
                value = "";
            }
            case Step.Sync y -> {
                kind = "sync";
                where = y.label();
                value = "";
            }
        }
        String ch = s.isStore() ? String.join(" ", changes(format, before, after)) : "";
        if (s.isStore() && ch.isEmpty()) ch = "(no field changes)";
        return String.format("  %3d  %-8s  %-12s  %-37s  %s", number, kind, where, value, ch).stripTrailing();
    }

    /** Every step as {@link #line} prints it, numbered from 1, starting from the entry {@code current}. */
    public static List<String> lines(EntryFormat format, Entry current, List<Step> steps) {
        List<String> out = new ArrayList<>();
        Entry e = current;
        for (Step s : steps) {
            Entry after = s.applyTo(e);
            out.add(line(out.size() + 1, s, format, e, after));
            e = after;
        }
        return out;
    }

    /** {@code FIELD old->new} for every field that differs between two entries. */
    public static List<String> changes(EntryFormat format, Entry before, Entry after) {
        List<String> out = new ArrayList<>();
        for (Field f : format.fields()) {
            long a = f.get(before);
            long b = f.get(after);
            if (a != b) out.add(f.name() + " " + value(format, f, a) + "->" + value(format, f, b));
        }
        return out;
    }

    private static String value(EntryFormat format, Field f, long v) {
        String s = format.formatValue(f, v);
        return s.substring(s.indexOf('=') + 1);
    }
}
