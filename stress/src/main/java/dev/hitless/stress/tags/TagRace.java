package dev.hitless.stress.tags;

import dev.hitless.attach.AttachChecker;
import dev.hitless.attach.AttachExecutor;
import dev.hitless.attach.AttachResult;
import dev.hitless.attach.Domain;
import dev.hitless.attach.TagOutcome;
import dev.hitless.attach.TranslationWords;
import dev.hitless.planlang.AttachFile;
import dev.hitless.stress.SlotRing;
import dev.hitless.suite.StressCase;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;

/**
 * One race of the cache-tag model on real memory: the per-sample state of every cache-tag jcstress test. Like the entry
 * suites' {@code Race}, it only wires things up: {@link AttachExecutor} performs the three actors, each step a
 * {@link dev.hitless.attach.CacheTags} rule.
 *
 * <ul>
 *   <li>{@link #writer()}: the driver CPU runs the attach sequence's writer and, at one writer point, the unmap of one
 *       domain (both actors of the checker that are CPUs, in one thread, as the checker's shortest run interleaves
 *       them); returns the unmap's outcome key: {@code stale-new} when the unmapped domain was STALE at the unmap's
 *       completion or when the writer finished (two of the states the checker judges), else {@value #CLEAN}.</li>
 *   <li>{@link #device()}: one DMA translation (fetch, configuration, translate), racing the writer.</li>
 *   <li>{@link #arbiter()}: after both, the LEAK judgement: the leaking domains' keys ({@code leak-old}), or
 *       {@value #NO_LEAK}.</li>
 * </ul>
 * A sample's outcome id is {@code "UNMAP, LEAKS"}: jcstress joins the two results with a comma.
 */
public final class TagRace implements Runnable {
    /** The unmap completed with nothing stale. */
    public static final String CLEAN = "clean";
    /** No translation leaked past the replace. */
    public static final String NO_LEAK = "no-leak";

    /** Slots of translation words per JVM: far more than the states jcstress keeps in flight (see {@link SlotRing}). */
    private static final int WORD_SLOTS = 1 << 18;
    private static final TranslationWords WORDS = TranslationWords.allocate(WORD_SLOTS);
    private static int cursor;

    private final Setup setup;
    private final AttachExecutor.Sample sample;
    /** Written by the hook in the writer's thread, read by it after the writer returns. */
    private boolean stale;

    public TagRace(Setup setup) {
        this.setup = setup;
        this.sample = setup.executor.sample(setup.ring.table(), setup.ring.next(setup.c.old()), WORDS, nextWordSlot(),
                AttachExecutor.Waits.NONE);
    }

    private static synchronized int nextWordSlot() {
        int s = cursor;
        cursor = (s + 1) & (WORD_SLOTS - 1);
        return s;
    }

    /** The driver CPU: the writer, with the unmap at the setup's point. */
    public String writer() {
        AttachExecutor ex = setup.executor;
        ex.writer(sample, ThreadLocalRandom.current(), setup.point, this);
        stale |= ex.stale(sample, setup.unmapped, ex.points() - 1);
        return stale ? new TagOutcome(TagOutcome.Kind.STALE, setup.unmapped).key() : CLEAN;
    }

    /** The unmap, run by the writer at the setup's point. */
    @Override
    public void run() {
        stale = setup.executor.unmap(sample, setup.unmapped, setup.point).stale();
    }

    /** The device: one translation. */
    public void device() {
        setup.executor.device(sample);
    }

    /** After both actors: which domains leak. */
    public String arbiter() {
        return leakKey(setup.executor.leaks(sample));
    }

    private static String leakKey(int leaks) {
        List<String> keys = new ArrayList<>();
        for (Domain d : Domain.values()) {
            if ((leaks & (1 << d.ordinal())) != 0) keys.add(new TagOutcome(TagOutcome.Kind.LEAK, d).key());
        }
        return keys.isEmpty() ? NO_LEAK : String.join(" ", keys);
    }

    /** The cache-tag outcomes an outcome id names ({@code "stale-new, no-leak"}: STALE of the new domain). */
    public static List<TagOutcome> outcomes(String id) {
        List<TagOutcome> out = new ArrayList<>();
        for (String word : id.split("[, ]+")) {
            for (TagOutcome.Kind k : TagOutcome.Kind.values()) {
                for (Domain d : Domain.values()) {
                    if (new TagOutcome(k, d).key().equals(word)) out.add(new TagOutcome(k, d));
                }
            }
        }
        return out;
    }

    /**
     * The outcome ids the checker allows for this test: the unmap {@value #CLEAN}, or STALE of the unmapped domain when
     * the checker finds that; with no leak, or with each set of leaking domains the checker finds possible.
     */
    public static List<String> possibleIds(Setup s) {
        List<String> unmaps = new ArrayList<>(List.of(CLEAN));
        TagOutcome stale = new TagOutcome(TagOutcome.Kind.STALE, s.unmapped);
        if (s.result.outcomes().contains(stale)) unmaps.add(stale.key());
        int leakable = 0;
        for (Domain d : Domain.values()) {
            if (s.result.outcomes().contains(new TagOutcome(TagOutcome.Kind.LEAK, d))) leakable |= 1 << d.ordinal();
        }
        List<String> out = new ArrayList<>();
        for (String u : unmaps) {
            for (int leaks = 0; leaks < 1 << Domain.values().length; leaks++) {
                if ((leaks & ~leakable) == 0) out.add(u + ", " + leakKey(leaks));
            }
        }
        return out;
    }

    /** What every sample of one test shares: the checked sequence, its executor, and where and what the writer unmaps. */
    public static final class Setup {
        final StressCase c;
        final AttachResult result;
        final AttachExecutor executor;
        final Domain unmapped;
        final int point;
        /** The entries of the format's width the samples of this test take theirs from. */
        final SlotRing ring;

        private Setup(StressCase c, String attach, Domain unmapped, ToIntFunction<AttachExecutor> point) {
            this.c = c;
            this.result = AttachChecker.check(AttachFile.builtIn(attach), c.orderingImpl(), c.entryFormat(), c.old(), c.target(),
                    c.readerModel(), AttachChecker.DEFAULT_ATS);
            this.executor = AttachExecutor.of(result);
            this.unmapped = unmapped;
            this.point = point.applyAsInt(executor);
            this.ring = SlotRing.of(c.old().qwords());
        }

        /**
         * The race of built-in {@code attach} on {@code c}'s replace in which the writer unmaps where the checker's
         * shortest run to {@code outcome} does (its domain, its writer point).
         */
        public static Setup atShortestRunTo(StressCase c, String attach, TagOutcome outcome) {
            return new Setup(c, attach, outcome.domain(), ex -> ex.unmapPoint(outcome));
        }

        /** The race in which the writer unmaps {@code d} right after the first switch begins (a control's point). */
        public static Setup afterFirstSwitch(StressCase c, String attach, Domain d) {
            return new Setup(c, attach, d, ex -> ex.afterSwitchBegins(0));
        }

        public AttachResult result() {
            return result;
        }

        public Domain unmapped() {
            return unmapped;
        }

        public int point() {
            return point;
        }
    }
}
