package dev.hitless.planlang;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;
import dev.hitless.ordering.UsedBits;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.StepEmitter;
import dev.hitless.planlang.Syntax.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An ordering loaded from a plan file. Stateless: {@link #plan} runs the parsed statements once per call; every
 * {@code store}, {@code barrier} and {@code sync} statement goes to a fresh {@link StepEmitter}, which decides what
 * is emitted exactly as it does for the built-in orderings.
 *
 * <p>What the statements see: {@code current}, {@code target}, {@code memory} (the entry after the stores emitted
 * so far), {@code zero}, {@code unused-update}, {@code critical}, {@code crit} and {@code vq} as
 * {@link UsedBits#analyse} computes them for the file's quantum size, with or without update-safe bits as its header
 * says, and {@code last}, the entry's last quantum. A file runs on every format, so what depends on the entry's width
 * is checked here, for the planned format, as a {@link PlanFileException} at the index or literal: every stored qword
 * or chunk lies inside the entry, and an {@code entry(...)} literal has as many qwords as the entry.
 */
final class PlanOrdering implements Ordering {
    /**
     * Bounds on one run of a file for one transition. A plan a driver performs is tens of steps; nested loops can
     * multiply that without end (8 nested {@code for} over 0..7 would emit 8^8 stores), so a run that goes past
     * either bound stops with an error naming the statement, instead of running out of memory or time.
     */
    static final int MAX_STEPS = 4096;
    static final int MAX_STATEMENTS = 1 << 20;

    private final String file;
    private final String name;
    private final Program program;

    PlanOrdering(String file, String name, Program program) {
        this.file = file;
        this.name = name;
        this.program = program;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return program.description() != null ? program.description() : "plan file " + file;
    }

    /** The file this ordering was loaded from, as it was named. */
    String file() {
        return file;
    }

    @Override
    public int quantumBits() {
        return program.quantumBits();
    }

    /** Every format, unless the file's {@code formats} line names some: then those only. */
    @Override
    public boolean appliesTo(EntryFormat format) {
        return program.formats().isEmpty() || program.formats().contains(format.name());
    }

    @Override
    public Plan plan(EntryFormat format, Entry current, Entry target) {
        Run run = new Run(format, current, target);
        run.block(program.body());
        Claim claim = run.claim != null ? run.claim : Claim.UNCLAIMED; // unreachable: the parser checks every path claims
        return new Plan(name, format, current, target, claim, run.emit.steps());
    }

    @Override
    public String toString() {
        return name + " (" + file + ")";
    }

    /** One execution of the file for one transition. */
    private final class Run {
        final EntryFormat format;
        final Entry current;
        final Entry target;
        final StepEmitter emit;
        final Map<String, Integer> vars = new HashMap<>();
        UsedBits.Analysis analysis;
        Claim claim;
        int executed;

        Run(EntryFormat format, Entry current, Entry target) {
            this.format = format;
            this.current = current;
            this.target = target;
            this.emit = new StepEmitter(current);
        }

        UsedBits.Analysis analysis() {
            if (analysis == null) {
                analysis = UsedBits.analyse(format, current, target, program.quantumBits(), program.updateSafeBits());
            }
            return analysis;
        }

        void block(List<Stmt> body) {
            for (Stmt s : body) statement(s);
        }

        void statement(Stmt s) {
            if (++executed > MAX_STATEMENTS) {
                throw new PlanFileException(file, s.pos(), "a plan that runs at most " + MAX_STATEMENTS
                        + " statements per transition", "more (loops nested too deep?)");
            }
            switch (s) {
                case Store st -> store(st);
                case Barrier b -> emit.barrier(b.kind());
                case BarrierBeforeNextStore b -> emit.barrierBeforeNextStore(b.kind());
                case Sync y -> {
                    if (y.ifChanged()) emit.syncIfStored(y.kinds());
                    else emit.sync(y.kinds());
                }
                case ClaimStmt c -> claim = c.claim();
                case Fail f -> throw new PlanFileException(file, f.pos(), f.expected(), "the " + format.name() + " transition "
                        + RecordedPlans.transition(format, current, target));
                case When w -> {
                    for (Branch b : w.branches()) {
                        if (test(b.cond())) {
                            block(b.body());
                            return;
                        }
                    }
                    if (w.otherwise() != null) block(w.otherwise().body());
                }
                case For f -> {
                    for (int i : indices(f.set())) {
                        vars.put(f.var(), i);
                        block(f.body());
                    }
                    vars.remove(f.var());
                }
            }
        }

        /** The value is computed once, before the statement's first store; then one store per index. */
        void store(Store st) {
            checkInside(st);
            Entry v = value(st.value());
            int bits = st.bits();
            for (int i : indices(st.where())) {
                if (st.onlyChanged()) emit.storeIfChanged(bits, i, v, st.plain());
                else emit.store(bits, i, v, st.plain());
                if (emit.stepCount() > MAX_STEPS) {
                    throw new PlanFileException(file, st.pos(), "a plan of at most " + MAX_STEPS
                            + " steps per transition", "more (a store inside loops nested too deep?)");
                }
            }
        }

        /** Every index {@code st} stores lies inside the entry: else an error at the index that leaves it. */
        void checkInside(Store st) {
            int quanta = Step.quanta(st.bits(), format.qwords());
            for (Item item : st.where().items()) {
                for (Index ix : item.isRange() ? List.of(item.from(), item.to()) : List.of(item.from())) {
                    int i = index(ix);
                    if (i < quanta) continue;
                    String unit = Syntax.unitName(st.bits()) + " 0.." + (quanta - 1);
                    throw new PlanFileException(file, ix.pos(), unit + " of the " + format.qwords() + "-qword " + format.name()
                            + " entry (" + Syntax.unitLetter(st.bits()) + "[0..last] is all of it)",
                            ix instanceof Var x ? x.name() + " = " + i : Integer.toString(i));
                }
            }
        }

        List<Integer> indices(IndexSet set) {
            List<Integer> out = expand(set.items());
            out.removeAll(expand(set.except()));
            return out;
        }

        List<Integer> expand(List<Item> items) {
            List<Integer> out = new ArrayList<>();
            for (Item item : items) {
                int from = index(item.from());
                if (!item.isRange()) {
                    out.add(from);
                    continue;
                }
                int to = index(item.to());
                int step = from <= to ? 1 : -1;
                for (int i = from; ; i += step) {
                    out.add(i);
                    if (i == to) break;
                }
            }
            return out;
        }

        int index(Index ix) {
            return switch (ix) {
                case Literal l -> l.value();
                case Crit c -> analysis().critical().getFirst(); // the parser allows crit only under critical == 1
                case Vq v -> (format.validBit().qword() * 64 + format.validBit().lo()) / program.quantumBits();
                case Last l -> Step.quanta(program.quantumBits(), format.qwords()) - 1;
                case Var v -> vars.get(v.name());
            };
        }

        boolean test(Cond c) {
            return switch (c) {
                case Critical k -> k.test(analysis().critical().size());
                case Present p -> format.isPresent(value(p.value()));
                case Same s -> value(s.a()).equals(value(s.b())) != s.negated();
                case FormatIs f -> format.name().equals(f.name()) != f.negated();
                case FieldCompare f -> Syntax.compare(f.op(), fieldValue(f.left()), f.right() == null ? f.n() : fieldValue(f.right()));
                case Not n -> !test(n.c());
                case And a -> test(a.a()) && test(a.b());
                case Or o -> test(o.a()) || test(o.b());
            };
        }

        Entry value(Value v) {
            Entry e = switch (v.base()) {
                case TARGET -> target;
                case CURRENT -> current;
                case ZERO -> format.zero();
                case UNUSED_UPDATE -> analysis().unusedUpdate();
                case MEMORY -> emit.memory();
                case LITERAL -> literal(v);
            };
            for (Edit edit : v.edits()) {
                Field f = field(edit.field(), edit.pos());
                long n = edit.from() == null ? edit.value() : fieldValue(edit.from());
                if (Long.compareUnsigned(n, f.maxValue()) > 0) {
                    throw new PlanFileException(file, edit.valuePos(), "a value 0..0x" + Long.toHexString(f.maxValue()) + " for "
                            + format.name() + " " + f.name() + " (" + f.width() + " bits)", "0x" + Long.toHexString(n)
                            + (edit.from() == null ? "" : " (" + edit.from().of().word() + "." + edit.from().field() + ")"));
                }
                e = f.set(e, n);
            }
            return e;
        }

        /** The value of field {@code r.field()} of entry {@code r.of()}. */
        long fieldValue(FieldRef r) {
            return field(r.field(), r.fieldPos()).get(value(r.of()));
        }

        /** A literal's entry for this format: a quantum literal repeated to its width, an entry literal as wide as it. */
        Entry literal(Value v) {
            Entry lit = v.literal();
            int n = format.qwords();
            if (v.repeats()) {
                long[] q = new long[n];
                for (int i = 0; i < n; i++) q[i] = lit.qword(i % lit.qwords());
                return Entry.of(q);
            }
            if (lit.qwords() != n) {
                throw new PlanFileException(file, v.pos(), "entry(Q0 .. Q" + (n - 1) + "): " + n + " numbers for the " + n
                        + "-qword " + format.name() + " entry", lit.qwords() + " numbers");
            }
            return lit;
        }

        /** The format's field called {@code name} (any case; {@code valid} is its valid bit), else an error at {@code pos}. */
        Field field(String name, Syntax.Pos pos) {
            if (Syntax.isValidWord(name)) return format.validBit();
            return format.field(name).orElseThrow(() -> new PlanFileException(file, pos,
                    "valid or a field of " + format.name() + " (" + format.fields().stream().map(Field::name)
                            .collect(Collectors.joining(", ")) + ")",
                    "'" + name + "'"));
        }
    }
}
