package dev.hitless.attach;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every interleaving of the three actors of the cache-tag model: the writer ({@link TagProgram}), one unmapper that
 * unmaps the page of the old or the new domain at any time (clear the PTE, read the domain's list, invalidate each
 * tag on it and, with ATS, the device TLB, each invalidation waited for, then complete) and the device, which may
 * translate through any configuration available at the writer's point, any number of times. The rules of each step
 * are {@link CacheTags}'. Breadth first, so the first run that reaches an outcome is a shortest one.
 *
 * <p>State: the {@link PackedMemory} bits, then the unmapper (bits 16-17 phase: idle, PTE cleared, invalidating,
 * done; bit 18 its domain; bits 19-21 the list slots still to invalidate; bit 22 the device-TLB invalidation still
 * due), then the writer's point (bits 32 up). At most 2^23 memory-and-unmapper states per point, in practice a few
 * hundred; results are memoised per (program, ATS), since a matrix asks for the same few programs thousands of times.
 */
public final class TagExplorer {
    private TagExplorer() {
    }

    /** Who made a move. */
    public enum Actor { WRITER, UNMAPPER, DEVICE }

    /** What the unmapper did. */
    public enum UnmapStep { CLEAR_PTE, READ_LIST, INVALIDATE_IOTLB, INVALIDATE_DEVTLB, COMPLETE }

    /**
     * One move of a run. WRITER: {@code arg} is the event index. UNMAPPER: {@code unmap} says which step; {@code arg}
     * is the domain (CLEAR_PTE, COMPLETE), the slots read (READ_LIST) or the slot invalidated. DEVICE: {@code arg} is
     * the IOTLB bit index of the (slot, table) translated through. {@code after} is the memory after the move.
     */
    public record Move(Actor actor, UnmapStep unmap, int arg, int pc, long after) {
    }

    /**
     * What the exploration found.
     *
     * @param outcomes every outcome some run reaches
     * @param shortest for each outcome, a shortest run that reaches it
     * @param states distinct states explored
     */
    public record Exploration(Set<TagOutcome> outcomes, Map<TagOutcome, List<Move>> shortest, int states) {
    }

    private record Key(TagProgram program, boolean ats) {
    }

    private static final Map<Key, Exploration> MEMO = new ConcurrentHashMap<>();

    private static final int PHASE_SHIFT = 16, DOM_BIT = 18, SNAP_SHIFT = 19, DEV_BIT = 22, PC_SHIFT = 32;
    private static final int IDLE = 0, CLEARED = 1, INVALIDATING = 2, DONE = 3;

    /** Explores {@code p}; with {@code ats} the device also has a device TLB. */
    public static Exploration explore(TagProgram p, boolean ats) {
        return MEMO.computeIfAbsent(new Key(p, ats), k -> run(k.program(), k.ats()));
    }

    private static Exploration run(TagProgram p, boolean ats) {
        int end = p.events().size();
        Map<Long, Long> parent = new HashMap<>();
        Map<Long, Move> via = new HashMap<>();
        ArrayDeque<Long> queue = new ArrayDeque<>();
        long start = PackedMemory.initial();
        parent.put(start, -1L);
        queue.add(start);
        Map<TagOutcome, Long> firstAt = new LinkedHashMap<>();
        List<Long> next = new ArrayList<>();
        List<Move> moves = new ArrayList<>();
        int walked = 0; // the pairs some point of the program walks: only a walked table has a page worth unmapping
        for (int x : p.pairs()) walked |= x;
        while (!queue.isEmpty()) {
            long s = queue.poll();
            int pc = (int) (s >>> PC_SHIFT);
            PackedMemory m = new PackedMemory(s);
            if (pc == end) {
                int leaks = CacheTags.leaks(m, ats);
                for (Domain d : Domain.values()) {
                    if ((leaks & (1 << d.ordinal())) != 0) firstAt.putIfAbsent(new TagOutcome(TagOutcome.Kind.LEAK, d), s);
                }
            }
            if (((s >>> PHASE_SHIFT) & 3) == DONE) {
                Domain d = Domain.values()[(int) (s >>> DOM_BIT) & 1];
                if (CacheTags.staleAfterUnmap(m, d, p.slotsAt(pc), ats)) firstAt.putIfAbsent(new TagOutcome(TagOutcome.Kind.STALE, d), s);
            }
            next.clear();
            moves.clear();
            successors(p, ats, walked, s, next, moves);
            for (int i = 0; i < next.size(); i++) {
                long n = next.get(i);
                Move mv = moves.get(i);
                if (parent.putIfAbsent(n, s) == null) {
                    via.put(n, mv);
                    queue.add(n);
                }
            }
        }
        Map<TagOutcome, List<Move>> shortest = new HashMap<>();
        for (var e : firstAt.entrySet()) {
            List<Move> run = new ArrayList<>();
            for (long s = e.getValue(); parent.get(s) != -1L; s = parent.get(s)) run.add(via.get(s));
            Collections.reverse(run);
            shortest.put(e.getKey(), List.copyOf(run));
        }
        Set<TagOutcome> outcomes = new TreeSet<>(TagOutcome.ORDER);
        outcomes.addAll(firstAt.keySet());
        return new Exploration(Collections.unmodifiableSet(outcomes), Map.copyOf(shortest), parent.size());
    }

    /**
     * The successors of {@code s}: {@code next} gets the states, {@code moves} the matching moves. {@code walked}: the
     * IOTLB bits of every pair some point of the program walks.
     */
    static void successors(TagProgram p, boolean ats, int walked, long s, List<Long> next, List<Move> moves) {
        int pc = (int) (s >>> PC_SHIFT);
        long unm = s & ~PackedMemory.MASK & ((1L << PC_SHIFT) - 1);
        int phase = (int) (s >>> PHASE_SHIFT) & 3;
        Domain ud = Domain.values()[(int) (s >>> DOM_BIT) & 1];
        int snap = (int) (s >>> SNAP_SHIFT) & 7;
        boolean devDue = ((s >>> DEV_BIT) & 1) != 0;
        long pcBits = (long) pc << PC_SHIFT;
        // writer
        if (pc < p.events().size()) {
            PackedMemory m = new PackedMemory(s);
            TagProgram.Event e = p.events().get(pc);
            switch (e.kind()) {
                case LIST_ADD -> CacheTags.listAdd(m, e.domain(), e.slot());
                case LIST_REMOVE -> CacheTags.listRemove(m, e.domain(), e.slot());
                case FLUSH_IOTLB -> CacheTags.flushIotlb(m, e.slot());
                case FLUSH_DEVTLB -> CacheTags.flushDevtlb(m);
                case SWITCH_BEGIN, SWITCH_END -> { }
            }
            add(next, moves, m.bits | unm | ((long) (pc + 1) << PC_SHIFT), new Move(Actor.WRITER, null, pc, pc, m.bits));
        }
        // unmapper
        switch (phase) {
            case IDLE -> {
                for (Domain d : Domain.values()) {
                    if ((walked & CacheTags.iotlbTable(d)) == 0) continue; // no page worth unmapping
                    PackedMemory m = new PackedMemory(s);
                    m.clearPte(d);
                    long u = ((long) CLEARED << PHASE_SHIFT) | ((long) d.ordinal() << DOM_BIT);
                    add(next, moves, m.bits | u | pcBits, new Move(Actor.UNMAPPER, UnmapStep.CLEAR_PTE, d.ordinal(), pc, m.bits));
                }
            }
            case CLEARED -> {
                PackedMemory m = new PackedMemory(s);
                int slots = m.listSlots(ud);
                long u = ((long) INVALIDATING << PHASE_SHIFT) | ((long) ud.ordinal() << DOM_BIT) | ((long) slots << SNAP_SHIFT)
                        | (CacheTags.unmapInvalidatesDevtlb(slots, ats) ? 1L << DEV_BIT : 0);
                add(next, moves, m.bits | u | pcBits, new Move(Actor.UNMAPPER, UnmapStep.READ_LIST, slots, pc, m.bits));
            }
            case INVALIDATING -> {
                PackedMemory m = new PackedMemory(s);
                long base = ((long) INVALIDATING << PHASE_SHIFT) | ((long) ud.ordinal() << DOM_BIT);
                if (snap != 0) {
                    int slot = Integer.numberOfTrailingZeros(snap);
                    CacheTags.flushIotlb(m, slot);
                    long u = base | ((long) (snap & ~(1 << slot)) << SNAP_SHIFT) | (devDue ? 1L << DEV_BIT : 0);
                    add(next, moves, m.bits | u | pcBits, new Move(Actor.UNMAPPER, UnmapStep.INVALIDATE_IOTLB, slot, pc, m.bits));
                } else if (devDue) {
                    CacheTags.flushDevtlb(m);
                    add(next, moves, m.bits | base | pcBits, new Move(Actor.UNMAPPER, UnmapStep.INVALIDATE_DEVTLB, 0, pc, m.bits));
                } else {
                    long u = ((long) DONE << PHASE_SHIFT) | ((long) ud.ordinal() << DOM_BIT);
                    add(next, moves, m.bits | u | pcBits, new Move(Actor.UNMAPPER, UnmapStep.COMPLETE, ud.ordinal(), pc, m.bits));
                }
            }
            default -> { }
        }
        // device
        int pairs = p.pairs()[pc];
        for (int b = 0; b < 2 * CacheTags.SLOTS; b++) {
            if ((pairs & (1 << b)) == 0) continue;
            PackedMemory m = new PackedMemory(s);
            if (!CacheTags.translate(m, b / 2, Domain.values()[b % 2], ats)) continue;
            if (m.bits == (s & PackedMemory.MASK)) continue;
            add(next, moves, m.bits | unm | pcBits, new Move(Actor.DEVICE, null, b, pc, m.bits));
        }
    }

    private static void add(List<Long> next, List<Move> moves, long state, Move m) {
        next.add(state);
        moves.add(m);
    }
}
