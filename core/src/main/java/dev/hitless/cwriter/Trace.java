package dev.hitless.cwriter;

import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what the harness ({@code c/hitless_harness.c}) prints on stdout, one event per line:
 * <pre>
 *   begin ID
 *   store64 Q VALUE            a WRITE_ONCE of qword Q (0..7)
 *   plain store64 Q VALUE      a change of qword Q made without WRITE_ONCE, found by comparison (a plain step)
 *   store128 C LOW HIGH        a successful cmpxchg128 of chunk C (0..3), qwords 2C (LOW) and 2C+1 (HIGH)
 *   barrier KIND               dma_wmb, wmb, smp_wmb, mb or smp_mb
 *   sync KINDS                 hitless_sync(KINDS): SyncKind labels or aliases joined by '+'
 *   warn FILE:LINE             a WARN_ON that fired
 *   end ID
 * </pre>
 * VALUE, LOW and HIGH are hex with {@code 0x}. The transitions appear in input order, IDs being their indices.
 */
final class Trace {
    private Trace() {
    }

    /**
     * The step a recorded barrier becomes; the one place that maps the kernel's barrier macros to
     * {@link BarrierKind}s. {@code dma_wmb}, {@code wmb} and {@code mb} order stores for every observer, devices
     * included ({@code dmb oshst}, {@code dsb st}, {@code dsb sy} on ARM): {@link BarrierKind#DMA_WMB}.
     * {@code smp_wmb} and {@code smp_mb} order them only among the CPUs of the inner shareable domain ({@code dmb
     * ishst}, {@code dmb ish}), not for a device reading the entry: {@link BarrierKind#SMP_WMB}, which is no ordering
     * point under barrier-ordered visibility. ({@code smp_mb} also orders loads; only its store ordering matters to
     * a device reading what the CPU writes.)
     */
    static Step barrier(String kind) {
        return switch (kind) {
            case "dma_wmb", "wmb", "mb" -> new Step.Barrier(BarrierKind.DMA_WMB);
            case "smp_wmb", "smp_mb" -> new Step.Barrier(BarrierKind.SMP_WMB);
            default -> throw new IllegalArgumentException("unknown barrier kind '" + kind + "'");
        };
    }

    /** The sync kinds named by {@code hitless_sync(kinds)}, or empty when a name is unknown or none is given. */
    static Optional<Step.Sync> sync(String kinds) {
        Set<SyncKind> set = EnumSet.noneOf(SyncKind.class);
        for (String k : kinds.split("\\+")) {
            Optional<SyncKind> s = SyncKind.byName(k.strip());
            if (s.isEmpty()) return Optional.empty();
            set.add(s.get());
        }
        return Optional.of(new Step.Sync(set));
    }

    /**
     * The recordings of {@code transitions}, parsed from the harness output. A transition the output does not end
     * (the writer exited in the middle) or an event the plans cannot express is a {@link CWriterException}.
     *
     * @param file how messages name the writer's file
     */
    static List<Recording> parse(String output, List<Transition> transitions, String file) {
        List<Recording> out = new ArrayList<>();
        String[] lines = output.split("\n");
        int i = 0;
        for (int id = 0; id < transitions.size(); id++) {
            Transition t = transitions.get(id);
            if (i >= lines.length || !lines[i].equals("begin " + id)) {
                throw new CWriterException(file + ": the writer stopped before transition " + t.name() + " (it called exit?)");
            }
            i++;
            List<Step> steps = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            for (; ; i++) {
                if (i >= lines.length) {
                    throw new CWriterException(file + ": the writer did not return on transition " + t.name() + " (it called exit?)");
                }
                String line = lines[i];
                if (line.equals("end " + id)) break;
                try {
                    event(line, steps, warnings, file, t);
                } catch (IllegalArgumentException e) { // a malformed line: the harness and this parser disagree
                    throw new IllegalStateException("harness output line " + (i + 1) + " '" + line + "': " + e.getMessage(), e);
                }
            }
            i++;
            out.add(new Recording(t, steps, warnings));
        }
        return out;
    }

    private static void event(String line, List<Step> steps, List<String> warnings, String file, Transition t) {
        String[] w = line.split(" ");
        switch (w[0]) {
            case "plain" -> {
                if (w.length != 4 || !w[1].equals("store64")) throw new IllegalArgumentException("expected plain store64 Q VALUE");
                steps.add(new Step.Store64(Integer.parseInt(w[2]), hex(w[3]), true));
            }
            case "store64" -> {
                if (w.length != 3) throw new IllegalArgumentException("expected store64 Q VALUE");
                steps.add(new Step.Store64(Integer.parseInt(w[1]), hex(w[2])));
            }
            case "store128" -> {
                if (w.length != 4) throw new IllegalArgumentException("expected store128 C LOW HIGH");
                steps.add(new Step.Store128(Integer.parseInt(w[1]), hex(w[2]), hex(w[3])));
            }
            case "barrier" -> {
                if (w.length != 2) throw new IllegalArgumentException("expected barrier KIND");
                steps.add(barrier(w[1]));
            }
            case "sync" -> {
                String kinds = line.substring("sync ".length());
                steps.add(sync(kinds).orElseThrow(() -> new CWriterException(file + ": on transition " + t.name()
                        + ": the writer called hitless_sync(\"" + kinds + "\"); expected sync kinds joined by '+' among "
                        + String.join(", ", EnumSet.allOf(SyncKind.class).stream().map(SyncKind::label).toList())
                        + " (e.g. \"entry+iotlb\")")));
            }
            case "warn" -> warnings.add(line.substring("warn ".length()));
            default -> throw new IllegalArgumentException("unknown event '" + w[0].toLowerCase(Locale.ROOT) + "'");
        }
    }

    private static long hex(String s) {
        if (!s.startsWith("0x")) throw new IllegalArgumentException("expected a 0x hex value, found '" + s + "'");
        return Long.parseUnsignedLong(s.substring(2), 16);
    }
}
