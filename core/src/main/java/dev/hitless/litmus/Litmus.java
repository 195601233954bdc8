package dev.hitless.litmus;

import dev.hitless.check.Fetches;
import dev.hitless.entry.Entry;
import dev.hitless.format.Field;
import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.ReaderModel.ChunkOrder;
import dev.hitless.reader.Seen;
import dev.hitless.reader.TableInit;
import dev.hitless.reader.Visibility;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plan as herd7 litmus tests: one per window between entry syncs (a fetch never straddles a completed entry sync, and
 * herd7 has no syncs), each starting from the entry as the earlier windows left it.
 *
 * <p>Thread 0 is the driver: the window's stores, barriers as the architecture spells them, and in window 0 first the
 * initialisation of the tables the target points at (one location, {@code tables}, written 1). The device reads the
 * entry as 64-bit loads in the reader model's chunk order and then walks the tables:
 * <ul>
 *   <li><b>barrier-ordered: AArch64</b> ({@code aarch64.cat}). {@code dma_wmb} is {@code DMB OSHST}, a sync that is no
 *       entry sync {@code DMB OSH}. One device thread; independent loads for an any-order reader, each load's address
 *       depending on the previous load's value for an ordered one; the table load's address depends on every load
 *       (the walk needs the whole entry).</li>
 *   <li><b>in-order: X86_64</b> ({@code x86tso-mixed.cat}, herd7's TSO for 64-bit accesses). Barriers are compiler
 *       barriers (no instruction), a sync that is no entry sync {@code mfence}. x86 never reorders loads, so an
 *       ordered reader is one device thread and an any-order reader one thread per qword (each load at its own
 *       moment); a thread whose qword holds a pointer to a new table loads {@code tables} after it.</li>
 * </ul>
 * What herd7 cannot state is rewritten first ({@link Expressible}), and each test says so in its comment.
 */
public final class Litmus {
    private Litmus() {
    }

    /**
     * The tests of one plan.
     *
     * @param plan          the plan as hitless checks it
     * @param model         the reader as hitless checks it
     * @param twin          what the tests state
     * @param tests         one per window with at least one store, window order
     * @param quietWindows  windows whose stores change nothing (nothing races the fetch there: no test)
     */
    public record Export(Plan plan, ReaderModel model, Expressible twin, List<LitmusTest> tests, List<Integer> quietWindows) {
    }

    /**
     * The tests of many plans.
     *
     * @param exports        one per plan and reader that herd7 can state
     * @param notExpressible one line per plan and reader it cannot (name: reason)
     */
    public record Batch(List<Export> exports, List<String> notExpressible) {
    }

    /**
     * The tests of every catalogue transition of each format, for each ordering {@code orderings} gives it, under each
     * named reader {@code readers} gives it, with the mutants of each plan ({@link dev.hitless.check.Mutants}) when
     * asked. Names: {@code format+from+to+ordering[+mN]+reader}.
     */
    public static Batch catalogue(List<dev.hitless.format.EntryFormat> formats,
                                  java.util.function.Function<dev.hitless.format.EntryFormat, List<dev.hitless.plan.Ordering>> orderings,
                                  java.util.function.Function<dev.hitless.format.EntryFormat, java.util.Map<String, ReaderModel>> readers,
                                  boolean mutants) {
        List<Export> exports = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (dev.hitless.format.EntryFormat f : formats) {
            java.util.Map<String, ReaderModel> rs = readers.apply(f);
            for (dev.hitless.plan.Ordering o : orderings.apply(f)) {
                for (dev.hitless.format.NamedConfig a : f.catalogue()) {
                    for (dev.hitless.format.NamedConfig b : f.catalogue()) {
                        if (a == b) continue;
                        Plan p = o.plan(f, a.entry(), b.entry());
                        List<Plan> plans = new ArrayList<>(List.of(p));
                        if (mutants) for (dev.hitless.check.Mutants.Mutant mu : dev.hitless.check.Mutants.of(p)) plans.add(mu.plan());
                        for (int pi = 0; pi < plans.size(); pi++) {
                            for (var r : rs.entrySet()) {
                                String name = f.name() + "+" + a.name() + "+" + b.name() + "+" + o.name() + (pi == 0 ? "" : "+m" + pi)
                                        + "+" + r.getKey();
                                try {
                                    exports.add(of(plans.get(pi), r.getValue(), name));
                                } catch (Expressible.NotExpressible e) {
                                    refused.add(name + ": " + e.getMessage());
                                }
                            }
                        }
                    }
                }
            }
        }
        return new Batch(List.copyOf(exports), List.copyOf(refused));
    }

    /** The herd7 architecture a visibility is stated in. */
    public static String arch(Visibility v) {
        return v == Visibility.BARRIER_ORDERED ? "AArch64" : "X86_64";
    }

    /** The herd7 model file a visibility is checked with (herd7's default for {@link #arch}). */
    public static String cat(Visibility v) {
        return v == Visibility.BARRIER_ORDERED ? "aarch64.cat" : "x86tso-mixed.cat";
    }

    /**
     * Writes the tests of {@code plan} under {@code model}, named {@code <prefix>+w<window>}.
     *
     * @throws Expressible.NotExpressible when herd7 cannot state the reader or a step
     */
    public static Export of(Plan plan, ReaderModel model, String prefix) {
        Expressible x = Expressible.of(plan, model);
        Oracle oracle = new Oracle(plan.format(), plan.current(), plan.target());
        TableInit tables = TableInit.of(oracle);
        List<Fetches.Window> fetches = Fetches.of(x.plan(), x.model());
        List<Step> steps = x.plan().steps();
        List<LitmusTest> tests = new ArrayList<>();
        List<Integer> quiet = new ArrayList<>();
        int window = 0, first = 0;
        for (int i = 0; i <= steps.size(); i++) {
            boolean end = i == steps.size() || steps.get(i) instanceof Step.Sync y && y.invalidatesEntry();
            if (!end) continue;
            List<Step> ws = steps.subList(first, i);
            if (effective(fetches.get(window).start(), ws).stream().noneMatch(Step::isStore)) {
                quiet.add(window);
            } else {
                Fetches.Window fw = fetches.get(window);
                boolean init = window == 0 && tables.count() > 0;
                tests.add(new Writer(plan, x, tables, oracle, fw, ws, first, init, sanitise(prefix) + "+w" + window,
                        fetches.size()).write());
            }
            window++;
            first = i + 1;
        }
        return new Export(plan, model, x, List.copyOf(tests), List.copyOf(quiet));
    }

    /**
     * {@code steps} without the stores that write the value their qword holds just before them in program order.
     * Sound for the fetches: stores to one qword keep program order under every visibility, so a load of that qword
     * reads the same value whether such a store has landed or not; and a store orders nothing by itself.
     */
    private static List<Step> effective(Entry start, List<Step> steps) {
        List<Step> out = new ArrayList<>();
        Entry mem = start;
        for (Step st : steps) {
            if (st instanceof Step.Store64 w && mem.qword(w.qword()) == w.value()) continue;
            out.add(st);
            mem = st.applyTo(mem);
        }
        return out;
    }

    /** The fetches the checker allows in one window, as outcomes. */
    static Set<Outcome> expected(Fetches.Window fw, TableInit tables) {
        Set<Outcome> out = new TreeSet<>();
        fw.fetched().forEach((e, mayHide) -> {
            boolean walked = tables.walkedBy(e) != 0;
            out.add(new Outcome(e, walked ? Outcome.Tables.SEEN : Outcome.Tables.NOT_WALKED));
            if (walked && mayHide) out.add(new Outcome(e, Outcome.Tables.UNSEEN));
        });
        return Collections.unmodifiableSet(out);
    }

    /** A herd7 test name from anything: letters, digits and {@code _ . + -} kept, the rest {@code _}. */
    public static String sanitise(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) sb.append(c < 128 && (Character.isLetterOrDigit(c) || "_.+-".indexOf(c) >= 0) ? c : '_');
        return sb.toString();
    }

    /** The writer of one window's test. */
    private static final class Writer {
        final Plan plan;
        final Expressible x;
        final TableInit tables;
        final Oracle oracle;
        final Fetches.Window fw;
        final List<Step> steps;
        final int firstStep;
        final boolean init;
        final String name;
        final int windows;
        final int qwords;
        final boolean arm;
        final ChunkOrder order;
        final long[][] legend;
        final String[] loadRegs;
        final String[] tableRegs;

        Writer(Plan plan, Expressible x, TableInit tables, Oracle oracle, Fetches.Window fw, List<Step> steps,
               int firstStep, boolean init, String name, int windows) {
            this.plan = plan;
            this.x = x;
            this.tables = tables;
            this.oracle = oracle;
            this.fw = fw;
            this.steps = steps;
            this.firstStep = firstStep;
            this.init = init;
            this.name = name;
            this.windows = windows;
            this.qwords = plan.format().qwords();
            this.arm = x.model().visibility() == Visibility.BARRIER_ORDERED;
            this.order = x.model().order();
            this.legend = legend(fw.start(), steps, qwords);
            this.loadRegs = new String[qwords];
            this.tableRegs = new String[qwords];
            this.effective = effective(fw.start(), steps);
            boolean[] w = new boolean[qwords];
            for (Step st : effective) if (st instanceof Step.Store64 s64) w[s64.qword()] = true;
            this.written = w;
        }

        /** The stores that change their qword, and every barrier and sync. */
        final List<Step> effective;
        /** The qwords an effective store writes: the device loads these; the others read their start value. */
        final boolean[] written;

        /** The number of written qwords. */
        private int writtenCount() {
            int n = 0;
            for (boolean b : written) if (b) n++;
            return n;
        }

        private static long[][] legend(Entry start, List<Step> steps, int qwords) {
            List<List<Long>> vals = new ArrayList<>();
            for (int q = 0; q < qwords; q++) vals.add(new ArrayList<>(List.of(start.qword(q))));
            for (Step s : steps) {
                if (s instanceof Step.Store64 w && !vals.get(w.qword()).contains(w.value())) vals.get(w.qword()).add(w.value());
            }
            long[][] out = new long[qwords][];
            for (int q = 0; q < qwords; q++) out[q] = vals.get(q).stream().mapToLong(Long::longValue).toArray();
            return out;
        }

        private int id(int q, long v) {
            for (int i = 0; i < legend[q].length; i++) if (legend[q][i] == v) return i;
            throw new IllegalStateException("value " + v + " not in the legend of q" + q);
        }

        /** The qwords that hold a pointer to a table the window initialises. */
        private boolean[] pointerQwords() {
            boolean[] p = new boolean[qwords];
            if (init) for (Field f : tables.fields()) p[f.qword()] = true;
            return p;
        }

        LitmusTest write() {
            List<List<String>> threads = new ArrayList<>();
            threads.add(writerThread());
            StringBuilder initState = new StringBuilder("{\n");
            List<String> locs0 = new ArrayList<>();
            for (int q = 0; q < qwords; q++) if (written[q]) locs0.add("uint64_t q" + q + "=0;");
            if (init) locs0.add("uint64_t tables=0;");
            initState.append(String.join(" ", locs0)).append('\n');
            boolean[] pointers = pointerQwords();
            if (arm) {
                threads.add(armDevice(pointers));
                int maxId = 0;
                for (Step st : effective) if (st instanceof Step.Store64 w) maxId = Math.max(maxId, id(w.qword(), w.value()));
                if (init) maxId = Math.max(maxId, 1);
                for (int t = 0; t < 2; t++) {
                    StringBuilder regs = new StringBuilder();
                    for (int q = 0; q < qwords; q++) if (written[q]) regs.append(t).append(":X").append(q).append("=q").append(q).append("; ");
                    if (init) regs.append(t).append(":X8=tables; ");
                    if (t == 0) for (int v = 1; v <= maxId; v++) regs.append("0:X").append(9 + v).append('=').append(v).append("; ");
                    initState.append(regs.toString().stripTrailing()).append('\n');
                }
            } else if (order == ChunkOrder.ANY) {
                for (int q = 0; q < qwords; q++) {
                    if (!written[q]) continue;
                    List<String> t = new ArrayList<>();
                    int thread = threads.size();
                    t.add("movq (q" + q + "),%r8");
                    loadRegs[q] = thread + ":r8";
                    if (pointers[q]) {
                        t.add("movq (tables),%rax");
                        tableRegs[q] = thread + ":rax";
                    }
                    threads.add(t);
                }
            } else {
                List<String> t = new ArrayList<>();
                for (int q : visit()) {
                    if (!written[q]) continue;
                    t.add("movq (q" + q + "),%r" + (8 + q));
                    loadRegs[q] = "1:r" + (8 + q);
                }
                if (init) {
                    t.add("movq (tables),%rax");
                    for (int q = 0; q < qwords; q++) if (pointers[q]) tableRegs[q] = "1:rax";
                }
                threads.add(t);
            }
            initState.append("}\n");

            Set<Outcome> expected = expected(fw, tables);
            StringBuilder body = new StringBuilder(initState);
            body.append(columns(threads));
            List<String> locs = new ArrayList<>();
            for (String r : loadRegs) if (r != null) locs.add(r);
            for (String r : tableRegs) if (r != null && !locs.contains(r)) locs.add(r);
            body.append("locations [").append(String.join("; ", locs)).append(";]\n");
            Outcome worst = condition(expected);
            body.append("exists (").append(conjunction(worst)).append(")\n");
            String header = (arm ? "AArch64 " : "X86_64 ") + name + "\n" + comment(worst, expected) + "\n";
            return new LitmusTest(name, arm ? "AArch64" : "X86_64", fw.window(), header, body.toString(), legend,
                    loadRegs.clone(), tableRegs.clone(), expected);
        }

        private int[] visit() {
            int[] v = new int[qwords];
            for (int i = 0; i < qwords; i++) v[i] = order == ChunkOrder.DESCENDING ? qwords - 1 - i : i;
            return v;
        }

        private List<String> writerThread() {
            List<String> t = new ArrayList<>();
            if (init) t.addAll(store("tables", 8, 1));
            for (Step s : effective) {
                switch (s) {
                    case Step.Store64 w -> t.addAll(store("q" + w.qword(), w.qword(), id(w.qword(), w.value())));
                    case Step.Barrier b -> {
                        if (arm) t.add(b.kind() == BarrierKind.DMA_WMB ? "DMB OSHST" : "DMB ISHST");
                    }
                    case Step.Sync y -> t.add(arm ? "DMB OSH" : "mfence");
                    default -> throw new IllegalStateException("not in a twin plan: " + s);
                }
            }
            return t;
        }

        private List<String> store(String loc, int reg, int value) {
            return arm ? List.of("STR " + (value == 0 ? "XZR" : "X" + (9 + value)) + ",[X" + reg + "]")
                    : List.of("movq $" + value + ",(" + loc + ")");
        }

        private List<String> armDevice(boolean[] pointers) {
            List<String> t = new ArrayList<>();
            int prev = -1;
            for (int q : visit()) {
                if (!written[q]) continue;
                String r = "X" + (10 + q);
                loadRegs[q] = "1:" + r;
                if (order == ChunkOrder.ANY || prev < 0) {
                    t.add("LDR " + r + ",[X" + q + "]");
                } else {
                    t.add("EOR X21,X" + (10 + prev) + ",X" + (10 + prev));
                    t.add("LDR " + r + ",[X" + q + ",X21]");
                }
                prev = q;
            }
            if (init) {
                // the walk needs the whole entry: its address depends on every load
                boolean firstDep = true;
                for (int q = 0; q < qwords; q++) {
                    if (!written[q]) continue;
                    if (firstDep) {
                        t.add("EOR X21,X" + (10 + q) + ",X" + (10 + q));
                        firstDep = false;
                    } else {
                        t.add("EOR X22,X" + (10 + q) + ",X" + (10 + q));
                        t.add("ADD X21,X21,X22");
                    }
                }
                t.add("LDR X20,[X8,X21]");
                for (int q = 0; q < qwords; q++) if (pointers[q]) tableRegs[q] = "1:X20";
            }
            return t;
        }

        /** The checker's worst fetch of the window: the state a reviewer asks herd7 about first. */
        private Outcome condition(Set<Outcome> expected) {
            Outcome worst = null;
            for (Outcome o : expected) {
                if (worst == null || o.seen(oracle).compareTo(worst.seen(oracle)) > 0) worst = o;
            }
            if (worst.seen(oracle).compareTo(Seen.BLOCKED) <= 0) {
                // nothing bad. Where the device walks new tables, ask for the walk before them: hitless says Never
                for (Outcome o : expected) {
                    if (o.tables() == Outcome.Tables.SEEN && init) return new Outcome(o.entry(), Outcome.Tables.UNSEEN);
                }
                // else ask for the entry the window leaves (the store the device must be able to see)
                Entry end = fw.start();
                for (Step s : steps) end = s.applyTo(end);
                int walked = tables.walkedBy(end);
                return new Outcome(end, walked != 0 ? Outcome.Tables.SEEN : Outcome.Tables.NOT_WALKED);
            }
            return worst;
        }

        private String conjunction(Outcome o) {
            List<String> terms = new ArrayList<>();
            for (int q = 0; q < qwords; q++) if (loadRegs[q] != null) terms.add(loadRegs[q] + "=" + id(q, o.entry().qword(q)));
            if (o.tables() != Outcome.Tables.NOT_WALKED) {
                String reg = null;
                for (Field f : tables.fields()) if (tableRegs[f.qword()] != null && reg == null) reg = tableRegs[f.qword()];
                if (reg != null) terms.add(reg + "=" + (o.tables() == Outcome.Tables.SEEN ? 1 : 0));
            }
            return String.join(" /\\ ", terms);
        }

        private String comment(Outcome cond, Set<Outcome> expected) {
            StringBuilder c = new StringBuilder();
            ReaderModel m = x.model();
            c.append("\"hitless: ").append(plan.format().name()).append(", ordering ").append(plan.ordering())
                    .append(", window ").append(fw.window()).append(" of ").append(windows).append("\"\n");
            c.append("(* The driver (P0) runs steps ").append(firstStep + 1).append('-').append(firstStep + steps.size())
                    .append(" of the plan while the device fetches the entry once.\n");
            c.append("   Reader: ").append(x.model().label()).append(" (hitless: ").append(plan.format().qwords())
                    .append(" qwords read ").append(m.order() == ChunkOrder.ANY ? "in any order" : m.order().name().toLowerCase(Locale.ROOT))
                    .append(")").append(arm ? "; the device walks the tables through an address dependency on every load."
                            : order == ChunkOrder.ANY ? "; one device thread per qword (x86 keeps a thread's loads in order)."
                            : "; x86 keeps the device's loads in program order.").append('\n');
            if (init) {
                c.append("   tables=1: the driver's initialisation of the new tables behind ");
                c.append(String.join(", ", tables.fields().stream().map(Field::name).toList())).append(" (before step 1).\n");
            }
            for (Expressible.Difference d : x.differences()) c.append("   Differs from hitless: ").append(d.text()).append(".\n");
            int dropped = (int) (steps.stream().filter(Step::isStore).count() - effective.stream().filter(Step::isStore).count());
            if (dropped > 0) {
                c.append("   Left out: ").append(dropped).append(dropped == 1 ? " store" : " stores")
                        .append(" of the value the qword already holds (no fetch can tell it).\n");
            }
            if (writtenCount() < qwords) {
                List<String> still = new ArrayList<>();
                for (int q = 0; q < qwords; q++) if (!written[q]) still.add("q" + q);
                c.append("   Not written in this window, so not loaded: ").append(String.join(" ", still))
                        .append(" (every fetch reads the window's start value there).\n");
            }
            c.append("   Values: each location holds a number; 0 is its value when the window starts.\n");
            for (int q = 0; q < qwords; q++) {
                if (!written[q]) continue;
                c.append("     q").append(q).append(':');
                for (int i = 0; i < legend[q].length; i++) c.append(String.format(Locale.ROOT, "  %d = 0x%016x", i, legend[q][i]));
                c.append('\n');
            }
            Seen s = cond.seen(oracle);
            c.append("   Condition: ");
            if (!expected.contains(cond)) {
                c.append("the device walks the new tables before their initialisation is visible (UNINIT);"
                        + " hitless says herd7 should answer Never.");
            } else if (s.compareTo(Seen.BLOCKED) > 0) {
                c.append("hitless's worst fetch of this window, ").append(cond.observation(oracle, 64).key())
                        .append("; hitless says herd7 should answer Sometimes.");
            } else {
                c.append("the entry the window leaves (no fetch worse than BLOCKED in this window); hitless says Sometimes.");
            }
            c.append(" *)");
            return c.toString();
        }

        /** Threads side by side, {@code P0 | P1 ;}, each column padded. */
        private static String columns(List<List<String>> threads) {
            int rows = 0;
            int[] width = new int[threads.size()];
            for (int t = 0; t < threads.size(); t++) {
                rows = Math.max(rows, threads.get(t).size());
                width[t] = ("P" + t).length();
                for (String s : threads.get(t)) width[t] = Math.max(width[t], s.length());
            }
            StringBuilder sb = new StringBuilder();
            for (int r = -1; r < rows; r++) {
                for (int t = 0; t < threads.size(); t++) {
                    String cell = r < 0 ? "P" + t : r < threads.get(t).size() ? threads.get(t).get(r) : "";
                    sb.append(' ').append(cell).append(" ".repeat(width[t] - cell.length())).append(t + 1 < threads.size() ? " |" : " ;");
                }
                sb.append('\n');
            }
            return sb.toString();
        }
    }
}
