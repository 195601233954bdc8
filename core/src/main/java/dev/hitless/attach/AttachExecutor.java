package dev.hitless.attach;

import dev.hitless.entry.Entry;
import dev.hitless.memory.EntryTable;
import dev.hitless.plan.PlanExecutor;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncHandler;
import dev.hitless.reader.LiveReader;
import dev.hitless.reader.ReaderModel;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Performs the cache-tag model's three actors on real memory: an attach sequence's writer (the driver CPU), the device
 * translating DMA and the unmapper (another CPU), over an entry of an {@link EntryTable} and a slot of
 * {@link TranslationWords}. The jcstress cache-tag tests and the JMH benchmarks call only this, as the entry suites
 * call only {@link PlanExecutor}; the checker ({@link TagExplorer}) explores the same steps, each by the same
 * {@link CacheTags} rule.
 *
 * <ul>
 *   <li><b>Writer</b> ({@link #writer}): walks {@link TagProgram#events()} of the checked {@link AttachResult}. A list
 *       update or flush is its {@code CacheTags} rule under the slot's lock (a flush is issued and waited for inside
 *       one step); {@code SWITCH_BEGIN k} runs switch {@code k}'s plan ({@link AttachResult#switches()}) with
 *       {@link PlanExecutor}, prepared for the reader model's visibility, its entry syncs handled by the entry's
 *       {@link LiveReader}; {@code SWITCH_END k} does nothing more (the plan ran whole at its beginning). A hook runs
 *       at a chosen writer point: {@code point} {@code p} is "before event {@code p}", {@code events().size()} after
 *       the last, the numbering of {@link TagProgram#slotsAt} and of {@link TagExplorer.Move#pc()}.</li>
 *   <li><b>Device</b> ({@link #device}): under the lock, one fetch of the entry by the {@link LiveReader} (the reader
 *       model's chunks, order and cache), {@link DomainSwitch#configOf} among the sequence's configurations, and
 *       {@link CacheTags#translate} through it when its table is walked.</li>
 *   <li><b>Unmapper</b> ({@link #unmap}, or step by step for a replay): clear the PTE, read the domain's list,
 *       invalidate each tag slot read and then (with ATS, when the list held any) the device TLB, complete; each step
 *       under the lock. From its completion on, {@link #stale} judges STALE as the checker does in every state after
 *       an unmap completed ({@link CacheTags#staleAfterUnmap} with the tags the device looks up at the writer's
 *       point, {@link TagProgram#slotsAt}), under the lock, as an invalidation's wait completes against walks in
 *       flight. A caller judges at the points it can observe (the stress race: at completion and when the writer has
 *       finished); a STALE seen at any of them is one the checker reaches.</li>
 * </ul>
 *
 * <h2>Why the device's fetch is inside the lock</h2>
 * The model makes a fetch and the translation it leads to one step: a real entry sync (and the invalidation wait
 * after a list update or flush) waits for walks in flight. With the fetch outside the lock, a device could fetch the
 * old entry, the writer finish the switch, flush the old tag and leave the old list, and only then the device cache
 * the old translation: a LEAK the hardware cannot produce (the checker proves vtd-corrected free of it). Inside the
 * lock, every writer list update or flush and every unmapper step falls wholly before or after the device's
 * fetch-and-translate, and the entry sync's handshake ({@link LiveReader}) still orders the fetch against the switch's
 * stores. The writer never holds the lock while it stores or syncs, so the device's fetch cannot deadlock with it.
 *
 * <p>Invariants relied on: one writer per sample, one device thread per sample (the {@link LiveReader}'s), any number
 * of unmapper threads; the sample was set up ({@link Sample#resetPlain}) before the threads start.
 */
public final class AttachExecutor {
    /** What {@link #device} returns when it made no translation. */
    public static final int NOTHING = -1;

    private final AttachResult result;
    private final TagProgram program;
    private final PlanExecutor.Prepared[] plans;
    /** The reader model's hardware, observing a fetched entry as the IOTLB bit of its configuration, or NOTHING. */
    private final LiveReader.Device<Integer> hardware;
    private final Entry oldEntry;
    private final boolean ats;

    private AttachExecutor(AttachResult result) {
        this.result = result;
        this.program = result.program();
        List<AttachResult.SwitchRun> switches = result.switches();
        this.plans = new PlanExecutor.Prepared[switches.size()];
        for (int k = 0; k < plans.length; k++) {
            // Tables 0: the cache-tag model walks the page tables of the two domains, which exist before the replace.
            plans[k] = PlanExecutor.prepare(switches.get(k).plan(), switches.get(k).result().model().visibility(), 0);
        }
        DomainSwitch ds = result.domains();
        this.oldEntry = ds.entryOf(TagId.OLD, Domain.OLD);
        this.ats = result.ats();
        List<DomainSwitch.Config> configs = result.sequence().configs();
        ConcurrentHashMap<Entry, Integer> memo = new ConcurrentHashMap<>();
        ReaderModel model = switches.getFirst().result().model();
        this.hardware = LiveReader.device(model, oldEntry, fetched -> memo.computeIfAbsent(fetched, e -> ds.configOf(e, configs)
                .filter(c -> ds.translates(c.table()))
                .map(c -> 2 * ds.slot(c.tag()) + c.table().ordinal())
                .orElse(NOTHING)));
    }

    /** The executor of a checked attach sequence: its switches' plans, reader model and ATS as the checker had them. */
    public static AttachExecutor of(AttachResult result) {
        return new AttachExecutor(result);
    }

    public AttachResult result() {
        return result;
    }

    /** The writer points: {@code 0..points()-1}, the last one after every event. */
    public int points() {
        return program.events().size() + 1;
    }

    /** The point right after switch {@code k} begins: its first store may be visible from there on. */
    public int afterSwitchBegins(int k) {
        List<TagProgram.Event> ev = program.events();
        for (int i = 0; i < ev.size(); i++) {
            if (ev.get(i).kind() == TagProgram.Event.Kind.SWITCH_BEGIN && ev.get(i).index() == k) return i + 1;
        }
        throw new IllegalArgumentException("no switch " + k + " in " + result.sequence().name());
    }

    /**
     * Where the checker's shortest run to {@code outcome} starts its unmap: the writer point of its PTE clear.
     *
     * @throws IllegalArgumentException when the checker found no such outcome, or reaches it without an unmap (a LEAK)
     */
    public int unmapPoint(TagOutcome outcome) {
        List<TagExplorer.Move> run = result.exploration().shortest().get(outcome);
        if (run == null) throw new IllegalArgumentException(result.sequence().name() + " never shows " + outcome.key());
        for (TagExplorer.Move m : run) {
            if (m.actor() == TagExplorer.Actor.UNMAPPER && m.unmap() == TagExplorer.UnmapStep.CLEAR_PTE) return m.pc();
        }
        throw new IllegalArgumentException("the shortest run to " + outcome.key() + " unmaps nothing");
    }

    /** The simulated waits of a benchmark: called after each entry sync and each flush, outside the lock. */
    public interface Waits {
        /** No waiting: the stress tests. */
        Waits NONE = new Waits() {
        };

        default void entrySync(Step.Sync sync) {
        }

        default void flushed(TagProgram.Event flush) {
        }
    }

    /**
     * A sample: one live entry and one slot of translation words, with the entry's hardware reader. Reset both with
     * {@link #resetPlain} before threads use them.
     */
    public final class Sample {
        private final EntryTable table;
        private final int entrySlot;
        private final TranslationWords words;
        private final int wordSlot;
        private final TranslationWords.Sample memory;
        /** The entry's reader: the device's fetch, and the sync handler of the switches' plans. */
        private final LiveReader<Integer> reader;
        private final SyncHandler syncs;
        private final Waits waits;
        /** The device thread's fetch buffer. */
        private final long[] scratch = new long[oldEntry.qwords()];

        private Sample(EntryTable table, int entrySlot, TranslationWords words, int wordSlot, Waits waits) {
            this.table = table;
            this.entrySlot = entrySlot;
            this.words = words;
            this.wordSlot = wordSlot;
            this.memory = words.at(wordSlot);
            this.reader = hardware.attach(table, entrySlot);
            this.waits = waits;
            this.syncs = waits == Waits.NONE ? reader : s -> {
                reader.sync(s);
                waits.entrySync(s);
            };
        }

        /** The start of a replace, with plain stores: the old entry, both pages mapped, the device on the old list. */
        public void resetPlain() {
            table.initPlain(entrySlot, oldEntry);
            words.resetPlain(wordSlot);
        }

        /**
         * The start of the next replace while an unmapper thread keeps running (a benchmark): the translation words under
         * the lock, the entry with plain stores. No device thread may read the entry meanwhile.
         */
        public void reset() {
            table.initPlain(entrySlot, oldEntry);
            words.reset(wordSlot);
        }

        /** The translation memory, for a caller holding the lock (tests compare it with the checker's moves). */
        TranslationWords.Sample memory() {
            return memory;
        }

        void lock() {
            words.lock(wordSlot);
        }

        void unlock() {
            words.unlock(wordSlot);
        }
    }

    /**
     * A sample on entry {@code entrySlot} of {@code table} and slot {@code wordSlot} of {@code words}, reset
     * ({@link Sample#resetPlain}); {@code waits} is what the writer waits for besides memory ({@link Waits#NONE}).
     */
    public Sample sample(EntryTable table, int entrySlot, TranslationWords words, int wordSlot, Waits waits) {
        Sample s = new Sample(table, entrySlot, words, wordSlot, waits);
        s.resetPlain();
        return s;
    }

    // ---- the writer --------------------------------------------------------------------------------------------

    /** The whole writer, running {@code hook} (null: none) at point {@code hookAt}. */
    public void writer(Sample s, RandomGenerator rnd, int hookAt, Runnable hook) {
        List<TagProgram.Event> ev = program.events();
        for (int i = 0, n = ev.size(); i < n; i++) {
            if (i == hookAt && hook != null) hook.run();
            event(s, i, rnd);
        }
        if (hookAt == ev.size() && hook != null) hook.run();
    }

    /** Writer event {@code i} on {@code s}: one list update or flush under the lock, or a switch's plan. */
    public void event(Sample s, int i, RandomGenerator rnd) {
        TagProgram.Event e = program.events().get(i);
        switch (e.kind()) {
            case SWITCH_BEGIN -> plans[e.index()].execute(s.table, s.entrySlot, s.syncs, rnd);
            case SWITCH_END -> { }
            default -> {
                s.lock();
                try {
                    switch (e.kind()) {
                        case LIST_ADD -> CacheTags.listAdd(s.memory, e.domain(), e.slot());
                        case LIST_REMOVE -> CacheTags.listRemove(s.memory, e.domain(), e.slot());
                        case FLUSH_IOTLB -> CacheTags.flushIotlb(s.memory, e.slot());
                        case FLUSH_DEVTLB -> CacheTags.flushDevtlb(s.memory);
                        default -> throw new AssertionError(e);
                    }
                } finally {
                    s.unlock();
                }
                if (e.kind() == TagProgram.Event.Kind.FLUSH_IOTLB || e.kind() == TagProgram.Event.Kind.FLUSH_DEVTLB) s.waits.flushed(e);
            }
        }
    }

    // ---- the device --------------------------------------------------------------------------------------------

    /**
     * One DMA translation: fetch the entry, and translate through the configuration it is. Returns the IOTLB bit index
     * ({@code 2*slot + table}, {@link CacheTags#iotlbBit}) of the translation made, {@link #NOTHING} when the entry
     * is no configuration of the sequence (not present, torn), walks no table, or the page is unmapped.
     */
    public int device(Sample s) {
        s.lock();
        try {
            int bit = s.reader.read(s.scratch);
            return bit != NOTHING && translate(s.memory, bit) ? bit : NOTHING;
        } finally {
            s.unlock();
        }
    }

    /** The device's translation through IOTLB bit {@code bit}'s (slot, table), without a fetch: for replays. */
    public boolean translate(Sample s, int bit) {
        s.lock();
        try {
            return translate(s.memory, bit);
        } finally {
            s.unlock();
        }
    }

    private boolean translate(TranslationMemory m, int bit) {
        return CacheTags.translate(m, bit / 2, Domain.values()[bit % 2], ats);
    }

    // ---- the unmapper ------------------------------------------------------------------------------------------

    /**
     * What one unmap did: the IOTLB invalidations (one per tag slot on the list), the device-TLB invalidations (0 or
     * 1), and whether a STALE translation survived its completion.
     */
    public record Unmap(int iotlbInvalidations, int devtlbInvalidations, boolean stale) {
        public int invalidations() {
            return iotlbInvalidations + devtlbInvalidations;
        }
    }

    /** A whole unmap of {@code d}'s page, completing while the writer is at {@code point}. */
    public Unmap unmap(Sample s, Domain d, int point) {
        clearPte(s, d);
        int slots = readList(s, d);
        for (int m = slots; m != 0; m &= m - 1) invalidateIotlb(s, Integer.numberOfTrailingZeros(m));
        boolean dev = CacheTags.unmapInvalidatesDevtlb(slots, ats);
        if (dev) invalidateDevtlb(s);
        return new Unmap(Integer.bitCount(slots), dev ? 1 : 0, complete(s, d, point));
    }

    public void clearPte(Sample s, Domain d) {
        s.lock();
        try {
            s.memory.clearPte(d);
        } finally {
            s.unlock();
        }
    }

    /** The tag slots under which the device is on {@code d}'s list now. */
    public int readList(Sample s, Domain d) {
        s.lock();
        try {
            return s.memory.listSlots(d);
        } finally {
            s.unlock();
        }
    }

    public void invalidateIotlb(Sample s, int slot) {
        s.lock();
        try {
            CacheTags.flushIotlb(s.memory, slot);
        } finally {
            s.unlock();
        }
    }

    public void invalidateDevtlb(Sample s) {
        s.lock();
        try {
            CacheTags.flushDevtlb(s.memory);
        } finally {
            s.unlock();
        }
    }

    /** The unmap of {@code d} completes with the writer at {@code point}: true when it is STALE there ({@link #stale}). */
    public boolean complete(Sample s, Domain d, int point) {
        return stale(s, d, point);
    }

    /**
     * STALE, once an unmap of {@code d} has completed and the writer is at {@code point}: the device can still
     * translate to {@code d}'s page ({@link CacheTags#staleAfterUnmap} under the lock).
     */
    public boolean stale(Sample s, Domain d, int point) {
        s.lock();
        try {
            return CacheTags.staleAfterUnmap(s.memory, d, program.slotsAt(point), ats);
        } finally {
            s.unlock();
        }
    }

    /** LEAK, judged once the writer has finished: {@link CacheTags#leaks}, bit per domain. */
    public int leaks(Sample s) {
        s.lock();
        try {
            return CacheTags.leaks(s.memory, ats);
        } finally {
            s.unlock();
        }
    }
}
