package dev.hitless.litmus;

import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A plan and reader model as herd7 can state them: the twin a litmus test is written from, and the modelling
 * differences that made it differ from what hitless checks (docs/visibility.md, "Agreement with herd7").
 *
 * <p>herd7's models are of processors sharing memory. What hitless says beyond that is rewritten, each rewrite one
 * {@link Difference}: a read or store wider than 64 bits becomes 64-bit ones (herd7's AArch64 and X86-64 models make
 * no access wider than 64 bits single-copy atomic), an {@code smp_wmb} between a driver and a device becomes a
 * {@code dma_wmb} (herd7 puts every observer in the inner-shareable domain, where {@code DMB ISHST} orders stores),
 * and a plain store under in-order becomes a {@code WRITE_ONCE} store (herd7 models the hardware, not the compiler).
 * What cannot be rewritten is refused ({@link NotExpressible}): a sticky reader, which fetches only at the syncs herd7
 * has no notion of, and 32-bit stores (the export writes 64-bit locations only).
 *
 * @param plan        the twin plan: 64-bit stores, barriers and syncs only
 * @param model       the twin model: 64-bit chunks, the same chunk order and visibility, no cache
 * @param differences what was rewritten, in declaration order; empty when herd7 states exactly what hitless checks
 */
public record Expressible(Plan plan, ReaderModel model, Set<Difference> differences) {

    /** A documented difference between hitless's model and herd7's, and so a rewrite of the plan or reader. */
    public enum Difference {
        WIDE_STORE("a 128-bit store (cmpxchg16b, STP) is written as two 64-bit stores: herd7's models make no store wider than 64 bits single-copy atomic"),
        WIDE_READ("a chunk wider than 64 bits is read as 64-bit loads: herd7's models make no load wider than 64 bits single-copy atomic"),
        SHAREABILITY("smp_wmb (DMB ISHST) is written as dma_wmb (DMB OSHST): herd7 puts the device in the CPUs' inner-shareable domain, where DMB ISHST orders the stores; hitless says it orders nothing for a device"),
        COMPILER("a plain store is written as WRITE_ONCE: herd7 models the hardware, not the compiler that may move a plain store up to the next barrier");

        private final String text;

        Difference(String text) {
            this.text = text;
        }

        /** One sentence, for reports and the litmus test's header. */
        public String text() {
            return text;
        }

        /** The spelling in reports: {@code wide-store}, {@code shareability}, ... */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** A plan or reader herd7 cannot state at all. */
    public static final class NotExpressible extends IllegalArgumentException {
        public NotExpressible(String message) {
            super(message);
        }
    }

    /**
     * The twin of {@code plan} under {@code model}.
     *
     * @throws NotExpressible for a sticky reader or a plan with 32-bit stores
     */
    public static Expressible of(Plan plan, ReaderModel model) {
        if (model.cache() != ReaderModel.Cache.NONE) {
            throw new NotExpressible("reader " + model.label() + " is sticky: it fetches only at entry syncs, which herd7 has no"
                    + " notion of (and between them reads nothing racing a store); use a reader with --cache none");
        }
        Visibility vis = model.visibility();
        Set<Difference> diffs = new LinkedHashSet<>();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            Step s = plan.steps().get(i);
            switch (s) {
                case Step.Store32 w -> throw new NotExpressible("step " + (i + 1) + " of " + plan.ordering()
                        + " is a 32-bit store: the litmus export writes 64-bit locations only");
                case Step.Store128 w -> {
                    diffs.add(Difference.WIDE_STORE);
                    steps.add(new Step.Store64(2 * w.chunk(), w.low()));
                    steps.add(new Step.Store64(2 * w.chunk() + 1, w.high()));
                }
                case Step.Store64 w when w.plain() && vis == Visibility.IN_ORDER -> {
                    diffs.add(Difference.COMPILER);
                    steps.add(new Step.Store64(w.qword(), w.value()));
                }
                case Step.Barrier b when b.kind() == BarrierKind.SMP_WMB && vis == Visibility.BARRIER_ORDERED -> {
                    diffs.add(Difference.SHAREABILITY);
                    steps.add(new Step.Barrier(BarrierKind.DMA_WMB));
                }
                default -> steps.add(s);
            }
        }
        if (model.chunkBits() > 64) diffs.add(Difference.WIDE_READ);
        ReaderModel twin = new ReaderModel(64, model.order(), ReaderModel.Cache.NONE, vis);
        Plan p = diffs.isEmpty() ? plan : plan.withSteps(plan.ordering(), steps);
        return new Expressible(p, twin, java.util.Collections.unmodifiableSet(diffs));
    }
}
