package dev.hitless.attach;

import dev.hitless.check.Verdict;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.NarrowFormats;
import dev.hitless.format.NamedConfig;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Step;
import dev.hitless.planlang.AttachFile;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cache-tag checker against a brute force of the three actors at the finest grain: the writer performs the
 * composed program step by step (each store of each switch's plan, in every order the visibility allows between two
 * ordering points, each entry sync, each list update, each flush), the device fetches the entry chunk by chunk in any
 * order from the memory of the moment and translates through what it fetched ({@link DomainSwitch#configOf}), the
 * unmapper clears, reads the list, invalidates and completes. Every reachable state is enumerated; the outcome sets
 * must equal {@link TagExplorer}'s, which abstracts each switch into two events (TagProgram's class comment says why
 * that is exact). Both visibilities (under barrier-ordered, plans whose segments hold at most three stores), no entry
 * cache: the entry checker's own brute force covers the other reader freedoms, and the abstraction takes only its
 * results.
 */
class AttachBruteForceTest {

    /**
     * The writer's program in units: a list update or flush, an entry sync (which waits for the fetch in flight: a
     * fetch never straddles one), or a segment of stores between two ordering points, performed in any order the
     * visibility allows ({@link Visibility#keepsOrder}: under in-order, program order).
     */
    private sealed interface Unit {
        record Tag(AttachStep step) implements Unit {
        }

        record Sync() implements Unit {
        }

        record Segment(List<Step> stores) implements Unit {
        }
    }

    static Set<TagOutcome> bruteForce(AttachResult r, ReaderModel model) {
        DomainSwitch ds = r.domains();
        Visibility vis = model.visibility();
        List<Unit> units = new ArrayList<>();
        List<Step> seg = new ArrayList<>();
        int k = 0;
        for (AttachStep s : r.sequence().steps()) {
            if (s instanceof AttachStep.Switch) {
                for (Step st : r.switches().get(k++).plan().steps()) {
                    if (st.isStore()) {
                        seg.add(st);
                    } else if (vis.isOrderingPoint(st)) {
                        if (!seg.isEmpty()) units.add(new Unit.Segment(List.copyOf(seg)));
                        seg.clear();
                        if (st instanceof Step.Sync y && y.invalidatesEntry()) units.add(new Unit.Sync());
                    }
                }
                if (!seg.isEmpty()) units.add(new Unit.Segment(List.copyOf(seg)));
                seg.clear();
            } else {
                units.add(new Unit.Tag(s));
            }
        }
        // the entry when unit u starts, and within a segment the entry after the stores of a mask (program order:
        // stores to one qword keep their order, so this is the memory of any allowed order)
        List<Entry> start = new ArrayList<>();
        Entry e = ds.entryOf(TagId.OLD, Domain.OLD);
        for (Unit u : units) {
            start.add(e);
            if (u instanceof Unit.Segment g) for (Step st : g.stores()) e = st.applyTo(e);
        }
        start.add(e);
        java.util.function.BiFunction<Integer, Integer, Entry> memory = (u, mask) -> {
            Entry m = start.get(u);
            if (mask != 0 && units.get(u) instanceof Unit.Segment g) {
                for (int i = 0; i < g.stores().size(); i++) if ((mask & (1 << i)) != 0) m = g.stores().get(i).applyTo(m);
            }
            return m;
        };
        int qwords = start.get(0).qwords();
        int chunks = model.chunks(qwords);
        int qPerChunk = qwords / chunks;
        List<DomainSwitch.Config> configs = r.sequence().configs();
        boolean ats = r.ats();
        // state: memory bits | unmapper (phase, domain, snapshot, devtlb due) | writer unit and the stores of its segment
        // done | the fetch in flight: which chunks it has read and their values
        record State(long tags, int unm, int pc, int done, int readMask, Entry read) {
        }
        Set<State> seen = new HashSet<>();
        ArrayDeque<State> queue = new ArrayDeque<>();
        State first = new State(PackedMemory.initial(), 0, 0, 0, 0, Entry.zero(qwords));
        seen.add(first);
        queue.add(first);
        Set<TagOutcome> out = new TreeSet<>(TagOutcome.ORDER);
        while (!queue.isEmpty()) {
            State s = queue.poll();
            PackedMemory m0 = new PackedMemory(s.tags());
            int phase = s.unm() & 3;
            Domain ud = Domain.values()[(s.unm() >> 2) & 1];
            if (s.pc() == units.size()) {
                int leaks = CacheTags.leaks(m0, ats);
                for (Domain d : Domain.values()) if ((leaks & (1 << d.ordinal())) != 0) out.add(new TagOutcome(TagOutcome.Kind.LEAK, d));
            }
            if (phase == 3 && ats && (m0.devtlb() & (1 << ud.ordinal())) != 0) out.add(new TagOutcome(TagOutcome.Kind.STALE, ud));
            List<State> next = new ArrayList<>();
            // writer
            if (s.pc() < units.size()) {
                PackedMemory m = new PackedMemory(s.tags());
                switch (units.get(s.pc())) {
                    case Unit.Tag t -> {
                        switch (t.step()) {
                            case AttachStep.ListAdd a -> CacheTags.listAdd(m, a.domain(), ds.slot(a.tag()));
                            case AttachStep.ListRemove x -> CacheTags.listRemove(m, x.domain(), ds.slot(x.tag()));
                            case AttachStep.FlushIotlb x -> CacheTags.flushIotlb(m, ds.slot(x.tag()));
                            case AttachStep.FlushDevtlb x -> CacheTags.flushDevtlb(m);
                            case AttachStep.Switch x -> throw new AssertionError();
                        }
                        next.add(new State(m.bits, s.unm(), s.pc() + 1, 0, s.readMask(), s.read()));
                    }
                    case Unit.Sync y -> {
                        if (s.readMask() == 0) next.add(new State(m.bits, s.unm(), s.pc() + 1, 0, 0, s.read()));
                    }
                    case Unit.Segment g -> {
                        List<Step> st = g.stores();
                        for (int i = 0; i < st.size(); i++) {
                            if ((s.done() & (1 << i)) != 0) continue;
                            boolean ready = true;
                            for (int j = 0; j < i; j++) {
                                if ((s.done() & (1 << j)) == 0 && vis.keepsOrder(st.get(j), st.get(i))) ready = false;
                            }
                            if (!ready) continue;
                            int done = s.done() | (1 << i);
                            next.add(done == (1 << st.size()) - 1 ? new State(m.bits, s.unm(), s.pc() + 1, 0, s.readMask(), s.read())
                                    : new State(m.bits, s.unm(), s.pc(), done, s.readMask(), s.read()));
                        }
                    }
                }
            }
            // unmapper: 0 idle, 1 cleared, 2 invalidating (snapshot bits 3-5, devtlb due bit 6), 3 done
            {
                PackedMemory m = new PackedMemory(s.tags());
                switch (phase) {
                    case 0 -> {
                        for (Domain d : Domain.values()) {
                            if (!ds.translates(d)) continue;
                            PackedMemory c = new PackedMemory(s.tags());
                            c.clearPte(d);
                            next.add(new State(c.bits, 1 | (d.ordinal() << 2), s.pc(), s.done(), s.readMask(), s.read()));
                        }
                    }
                    case 1 -> {
                        int slots = m.listSlots(ud);
                        next.add(new State(m.bits, 2 | (ud.ordinal() << 2) | (slots << 3) | (CacheTags.unmapInvalidatesDevtlb(slots, ats) ? 64 : 0), s.pc(), s.done(), s.readMask(), s.read()));
                    }
                    case 2 -> {
                        int snap = (s.unm() >> 3) & 7;
                        if (snap != 0) {
                            int slot = Integer.numberOfTrailingZeros(snap);
                            CacheTags.flushIotlb(m, slot);
                            next.add(new State(m.bits, 2 | (ud.ordinal() << 2) | ((snap & ~(1 << slot)) << 3) | (s.unm() & 64), s.pc(), s.done(), s.readMask(), s.read()));
                        } else if ((s.unm() & 64) != 0) {
                            CacheTags.flushDevtlb(m);
                            next.add(new State(m.bits, 2 | (ud.ordinal() << 2), s.pc(), s.done(), s.readMask(), s.read()));
                        } else {
                            next.add(new State(m.bits, 3 | (ud.ordinal() << 2), s.pc(), s.done(), s.readMask(), s.read()));
                        }
                    }
                    default -> { }
                }
            }
            // device: read one more chunk; a complete fetch translates (or, after an unmap, may hit a stale entry)
            for (int c = 0; c < chunks; c++) {
                if ((s.readMask() & (1 << c)) != 0) continue;
                int mask = s.readMask() | (1 << c);
                Entry read = s.read();
                Entry now = memory.apply(s.pc(), s.done());
                for (int x = 0; x < qPerChunk; x++) read = read.withQword(c * qPerChunk + x, now.qword(c * qPerChunk + x));
                if (mask != (1 << chunks) - 1) {
                    next.add(new State(s.tags(), s.unm(), s.pc(), s.done(), mask, read));
                    continue;
                }
                Optional<DomainSwitch.Config> cfg = ds.configOf(read, configs);
                PackedMemory m = new PackedMemory(s.tags());
                if (cfg.isPresent() && ds.translates(cfg.get().table())) {
                    int slot = ds.slot(cfg.get().tag());
                    // The lookup by (tag, IOVA) hits a surviving entry of an unmapped, completed page: STALE.
                    if ((s.unm() & 3) == 3 && (m.iotlb() & CacheTags.iotlbBit(slot, ud)) != 0) out.add(new TagOutcome(TagOutcome.Kind.STALE, ud));
                    CacheTags.translate(m, slot, cfg.get().table(), ats);
                }
                next.add(new State(m.bits, s.unm(), s.pc(), s.done(), 0, Entry.zero(qwords)));
            }
            for (State n : next) if (seen.add(n)) queue.add(n);
        }
        return out;
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        String[][] vtd = {{"fl-did5-a", "fl-did6-b"}, {"fl-did5-a", "fl-did5-b"}, {"fl-did5-a", "fl-did6-a"}, {"fl-did5-a", "sl-did7-a"},
                {"not-present", "fl-did5-a"}, {"fl-did6-b", "fl-did5-a"}};
        for (String[] t : vtd) {
            for (String o : List.of("used-bits-128", "clear-then-update", "entry-sync-128")) out.add(new Case("vtd-pasid", t[0], t[1], o));
        }
        String[][] cd = {{"s1-asid1", "s1-asid2"}, {"cleared", "s1-asid1"}};
        for (String[] t : cd) for (String o : List.of("used-bits-64", "clear-then-update")) out.add(new Case("smmu-cd", t[0], t[1], o));
        // the narrow test formats: a 4-qword entry read whole (one 256-bit chunk), a 2-qword one read by qword
        String[][] four = {{"host1-a", "host2-a"}, {"host1-a", "guest3"}};
        for (String[] t : four) {
            for (String o : List.of("used-bits-128", "clear-then-update")) out.add(new Case("test-four", t[0], t[1], o));
        }
        String[][] two = {{"trans1-a", "trans2-a"}, {"bypass", "trans1-a"}};
        for (String[] t : two) for (String o : List.of("used-bits-64", "clear-then-update")) out.add(new Case("test-two", t[0], t[1], o));
        return out;
    }

    record Case(String format, String from, String to, String ordering) {
    }

    @Test
    void explorerEqualsBruteForceOnEveryBuiltInSequence() {
        int compared = 0, withOutcomes = 0, barrierOrdered = 0, narrow = 0, narrowWithOutcomes = 0;
        for (Case c : cases()) {
            EntryFormat f = NarrowFormats.everyWidth().stream().filter(x -> x.name().equals(c.format())).findFirst().orElseThrow();
            Entry a = named(f, c.from()), b = named(f, c.to());
            Ordering o = Orderings.byName(c.ordering());
            for (Visibility v : Visibility.values()) {
            ReaderModel model = ReaderModel.preset("strict", f, v);
            for (AttachSequence seq : AttachFile.builtIns()) {
                for (boolean ats : new boolean[] {true, false}) {
                    AttachResult r;
                    try {
                        r = AttachChecker.check(seq, o, f, a, b, model, ats);
                    } catch (IllegalArgumentException noTag) {
                        continue; // a temporary tag on an entry without one
                    }
                    if (r.entryVerdict() == Verdict.TORN || r.entryVerdict() == Verdict.UNINIT) continue;
                    // every order of a segment multiplies the states: under barrier-ordered, plans whose segments
                    // hold at most 3 stores (the used-bits plans; a teardown's 8-qword rewrite is left to in-order)
                    if (v == Visibility.BARRIER_ORDERED && largestSegment(r, v) > 3) continue;
                    Set<TagOutcome> brute = bruteForce(r, model);
                    assertEquals(brute, r.outcomes(), c + " " + seq.name() + " " + v.label() + " ats=" + ats);
                    compared++;
                    if (v == Visibility.BARRIER_ORDERED) barrierOrdered++;
                    if (!brute.isEmpty()) withOutcomes++;
                    if (f.qwords() < 8) {
                        narrow++;
                        if (!brute.isEmpty()) narrowWithOutcomes++;
                    }
                }
            }
            }
        }
        assertTrue(compared >= 150, "compared " + compared);
        assertTrue(barrierOrdered >= 40, "compared under barrier-ordered " + barrierOrdered);
        assertTrue(withOutcomes >= 20, "cases with outcomes " + withOutcomes);
        assertTrue(narrow >= 60, "compared on the 4- and 2-qword test formats " + narrow);
        assertTrue(narrowWithOutcomes >= 20, "cases with outcomes on the test formats " + narrowWithOutcomes);
    }

    /** The most stores between two ordering points in any switch's plan. */
    static int largestSegment(AttachResult r, Visibility v) {
        int most = 0;
        for (AttachResult.SwitchRun sw : r.switches()) {
            int n = 0;
            for (Step st : sw.plan().steps()) {
                if (st.isStore()) most = Math.max(most, ++n);
                else if (v.isOrderingPoint(st)) n = 0;
            }
        }
        return most;
    }

    static Entry named(EntryFormat f, String name) {
        return f.catalogue().stream().filter(x -> x.name().equals(name)).map(NamedConfig::entry).findFirst().orElseThrow();
    }
}
