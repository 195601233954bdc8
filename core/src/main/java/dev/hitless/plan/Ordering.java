package dev.hitless.plan;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;

/**
 * An update algorithm: turns (format, current entry, target entry) into the {@link Plan} a driver would perform.
 *
 * <p>Service-provider interface: a user's jar that lists an implementation in
 * {@code META-INF/services/dev.hitless.plan.Ordering} makes it usable by {@link #name()} everywhere the built-ins
 * are (see {@link Orderings}). Implementations must be stateless and deterministic: the checker, the jcstress
 * actors and the benchmarks all call {@link #plan} and must get the same plan.
 */
public interface Ordering {

    /** Name used on the command line, lower case with dashes, e.g. {@code used-bits-64}. */
    String name();

    /** One line: what the ordering does and which kernel code it models. */
    String description();

    /**
     * The width of the atomic stores the ordering's correctness argument relies on the hardware reading whole: 32 for
     * a writer of {@code u32} words (AMD-Vi before 2009), 64 for qword algorithms, 128 for the entry-sync library's
     * cmpxchg16b quanta. A matrix over all orderings skips one whose
     * quantum is wider than the format's hardware fetch chunk (a 128-bit store is not atomic to a 64-bit reader).
     */
    default int quantumBits() {
        return 64;
    }

    /**
     * True for an ordering that is wrong on purpose (the removed VT-d struct copy, the early entry-sync draft): it
     * exists so the harness can show the bug. The matrix reports its failures as expected, the stress gate requires
     * its tear to be observed, and the mutant report checks that it is caught. The one place this is decided.
     */
    default boolean knownBad() {
        return false;
    }

    /**
     * True when the ordering can plan entries of {@code format}: every built-in but a driver's own (AMD-Vi's
     * {@code update_dte256} knows only the DTE) applies to every format. A matrix leaves the others out without a
     * word; a command that names one for another format is told so.
     */
    default boolean appliesTo(EntryFormat format) {
        return true;
    }

    /** The steps that move a live entry from {@code current} to {@code target}. */
    Plan plan(EntryFormat format, Entry current, Entry target);
}
