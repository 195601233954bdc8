package dev.hitless.planlang;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.NamedConfig;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes recorded plans (for example the stores, barriers and syncs a C entry writer performed) as an ordinary plan
 * file, so every command that takes an ordering can take the recording. The file is one {@code when} chain with a
 * branch per recorded transition, selected by literal entries:
 *
 * <pre>
 * # vtd-pasid fl-did5-a -> fl-did6-b
 * when current == entry(Q0 .. Q7) and target == entry(Q0 .. Q7)
 *   claim unclaimed
 *   barrier dma_wmb
 *   store q1 = 0x0000000000000006
 *   store plain q2 = 0x0000000000200000
 *   sync entry
 * # vtd-pasid fl-did5-a -> sl-did7-a
 * else when ...
 * else
 *   error "a transition recorded in this file (42 recorded)"
 * end
 * </pre>
 *
 * <p>Invariant: {@link PlanFile#parse} of the text, planned for a recorded transition (on the recorded plan's
 * format), gives exactly the recorded claim and steps. Each step is written as the statement that always emits it
 * ({@code store}, {@code store plain}, {@code store32}, {@code store128}, {@code barrier KIND}, {@code sync}, never the {@code -changed}
 * forms), so a store is replayed whether or not memory already holds its value, a plain store stays plain and a
 * barrier keeps its kind. Planning a transition that was not recorded stops at the
 * final {@code error} with one located line naming the transition.
 *
 * <p>The branches test entries only, so one file holds the recording of one format (or of formats whose recorded
 * transitions do not share a current and target entry with different plans: {@link #write} refuses those).
 */
public final class RecordedPlans {
    private RecordedPlans() {
    }

    /**
     * The plan-file text of {@code plans}, one branch per transition in the order first recorded; a plan recorded
     * twice with the same claim and steps is written once.
     *
     * @param name the ordering name ({@code [a-z][a-z0-9-]*}); loaded as {@code file:NAME} if a built-in has it
     * @param description one line, e.g. the C file and writer the plans were recorded from; null for none
     * @param quantumBits 32, 64 or 128: the quantum the recorded writer works in (the file's {@code quantum} line)
     * @param plans the recorded plans; an unclaimed plan is written {@code claim unclaimed}
     * @throws IllegalArgumentException on a bad name or quantum, or two plans for one transition that differ
     */
    public static String write(String name, String description, int quantumBits, List<Plan> plans) {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("an ordering name in lower case with dashes, not '" + name + "'");
        }
        if (quantumBits != 32 && quantumBits != 64 && quantumBits != 128) {
            throw new IllegalArgumentException("a quantum of 32, 64 or 128 bits, not " + quantumBits);
        }
        Map<List<Entry>, Plan> byTransition = new LinkedHashMap<>();
        for (Plan p : plans) {
            Plan earlier = byTransition.putIfAbsent(List.of(p.current(), p.target()), p);
            if (earlier != null && (earlier.claim() != p.claim() || !earlier.steps().equals(p.steps()))) {
                throw new IllegalArgumentException("two different recorded plans for the transition "
                        + transition(p.format(), p.current(), p.target()) + " (on " + earlier.format().name() + " and "
                        + p.format().name() + "); a plan file holds one plan per current and target entry");
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# Recorded plans: one branch per recorded transition, its steps exactly as recorded.\n");
        sb.append("# The stores are literal, so the file replays the recording; it does not compute a plan.\n");
        sb.append("ordering ").append(name).append('\n');
        if (description != null) sb.append("description \"").append(quote(description)).append("\"\n");
        sb.append("quantum ").append(quantumBits).append("\n\n");
        String expected = "a transition recorded in this file (" + byTransition.size() + " recorded)";
        if (byTransition.isEmpty()) {
            sb.append("error \"").append(expected).append("\"\n");
            return sb.toString();
        }
        String keyword = "when";
        for (Plan p : byTransition.values()) {
            sb.append("# ").append(p.format().name()).append(' ').append(transition(p.format(), p.current(), p.target())).append('\n');
            sb.append(keyword).append(" current == ").append(literal(p.current()))
                    .append(" and target == ").append(literal(p.target())).append('\n');
            sb.append("  claim ").append(Syntax.claimWord(p.claim())).append('\n');
            for (Step s : p.steps()) sb.append("  ").append(statement(s)).append('\n');
            keyword = "else when";
        }
        sb.append("else\n  error \"").append(expected).append("\"\nend\n");
        return sb.toString();
    }

    /** The statement that always emits {@code step}. */
    static String statement(Step step) {
        return switch (step) {
            case Step.Store32 s -> "store32 w" + s.word() + " = " + String.format("0x%08x", s.value());
            case Step.Store64 s -> "store " + (s.plain() ? "plain " : "") + "q" + s.qword() + " = " + Entry.hex(s.value());
            case Step.Store128 s -> "store128 c" + s.chunk() + " = chunk(" + Entry.hex(s.low()) + " " + Entry.hex(s.high()) + ")";
            case Step.Barrier b -> "barrier " + b.kind().label();
            case Step.Sync s -> "sync " + EnumSet.copyOf(s.kinds()).stream().map(SyncKind::label).collect(Collectors.joining(" "));
        };
    }

    /** {@code entry(Q0 .. Q7)}, each qword as the kernel prints it. */
    static String literal(Entry e) {
        return "entry(" + e + ")";
    }

    /**
     * A transition as a reader names it: {@code fl-did5-a -> fl-did6-b}, each entry by its catalogue name if the
     * format's catalogue holds it, else as its literal.
     */
    static String transition(EntryFormat format, Entry current, Entry target) {
        return name(format, current) + " -> " + name(format, target);
    }

    private static String name(EntryFormat format, Entry e) {
        return format.catalogue().stream().filter(c -> c.entry().equals(e)).map(NamedConfig::name).findFirst()
                .orElse(literal(e));
    }

    private static String quote(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ").replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
