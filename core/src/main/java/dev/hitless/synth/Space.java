package dev.hitless.synth;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;
import dev.hitless.plan.Step;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Seen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entries a synthesised plan may store, for one transition {@code current -> target}: the search space of issue
 * 13, built per field from the two entries, with the judgement of each entry cached.
 *
 * <p><b>Pieces.</b> A piece is a set of bits that the plan moves as one: a field that differs between current and
 * target (bits that differ outside every field form a piece of their own per qword), and the
 * {@linkplain EntryFormat#blockBit() block bit} (the valid bit, or AMD-Vi's TV), which may also be cleared. Each piece
 * takes its current or its target value (the block bit also 0). Pieces that do not
 * touch the bits that decide the used bits ({@link EntryFormat#usedBitsDependOn()}) and share a qword are merged
 * when they have the same <em>signature</em>: the set of configurations (values of the deciding bits reachable in
 * the space) under which their differing bits are compared by the {@link Oracle}. Merging loses no plan: in a
 * configuration that compares both, an entry with one moved and the other not equals neither the old nor the new
 * entry (so it is not OLD or NEW, and any non-present entry stays BLOCKED either way); in one that compares neither,
 * their values do not matter. So only stores that move them together are worth trying.
 *
 * <p><b>Qword values.</b> Each qword takes every combination of its pieces' values, and zero for a qword that holds
 * a piece or lies in the block bit's store unit (the breaking path's "V := 0" store of the used-bits algorithm). The
 * space is the product over qwords; a state is its mixed-radix index ({@code sum digit(q) * stride(q)}), digit 0
 * being the current qword. Every chunk-wise mix of two states is a state, which the window judge relies on.
 *
 * <p><b>Store units.</b> A 64-bit qword, or, when the format's hardware reads 128-bit chunks and the reader model
 * reads at least 128 bits, a 128-bit chunk written by one cmpxchg16b ({@link Step.Store128}): then a 128-bit store
 * is atomic to the reader and dominates two qword stores (fewer stores, fewer observations).
 *
 * <p>Not thread-safe (the judgement cache): one space per synthesis.
 */
final class Space {
    /** Bound on the number of entries in the space. */
    static final int MAX_STATES = 1 << 22;

    /** A set of bits moved as one: its name, qword, mask within the qword and its values (current first, target second). */
    record Piece(String name, int qword, long mask, long[] values, boolean deciding) {
    }

    final EntryFormat format;
    /** The entry's width, the format's. */
    final int qwords;
    final Entry current;
    final Entry target;
    final Oracle oracle;
    final List<Piece> pieces;
    /** Per qword: its values, index 0 the current qword. */
    final long[][] values;
    /** Per qword: what each value is, in piece terms ({@code DID new}, {@code zero}). */
    final String[][] labels;
    final int[] stride;
    final int size;
    /** Units of one store: qword lists (one qword, or the two of a 128-bit chunk). */
    final int[][] units;
    final int unitBits;
    private final byte[] judged; // Seen ordinal + 1, 0 = not judged yet
    int judgements;

    Space(EntryFormat format, Entry current, Entry target, ReaderModel model) {
        this.format = format;
        this.qwords = format.qwords();
        this.current = current;
        this.target = target;
        this.oracle = new Oracle(format, current, target);
        Entry decides = format.usedBitsDependOn();
        if (!format.mask(format.validBit()).or(format.mask(format.blockBit())).andNot(decides).isZero()) decides = format.ones();
        this.unitBits = wideStores(format, model) ? 128 : 64;
        int per = unitBits / 64;
        int validUnit = format.blockBit().qword() / per;

        List<Piece> raw = rawPieces(decides);
        boolean[] zeroable = new boolean[qwords];
        for (Piece p : raw) zeroable[p.qword()] = true;
        for (int k = 0; k < per; k++) zeroable[validUnit * per + k] = true;
        this.pieces = merge(raw, decides, zeroable);

        values = new long[qwords][];
        labels = new String[qwords][];
        stride = new int[qwords];
        long n = 1;
        for (int q = 0; q < qwords; q++) {
            Map<Long, String> vs = qwordValues(q, zeroable[q]);
            values[q] = vs.keySet().stream().mapToLong(Long::longValue).toArray();
            labels[q] = vs.values().toArray(String[]::new);
            stride[q] = (int) n;
            n *= values[q].length;
            if (n > MAX_STATES) {
                throw new SynthesisLimitException("the space of entries built from " + current + " and " + target
                        + " has more than " + MAX_STATES + " entries");
            }
        }
        size = (int) n;
        judged = new byte[size];
        List<int[]> us = new ArrayList<>();
        for (int u = 0; u < qwords / per; u++) {
            int[] qs = new int[per];
            boolean moves = false;
            for (int k = 0; k < per; k++) {
                qs[k] = u * per + k;
                moves |= values[qs[k]].length > 1;
            }
            if (moves) us.add(qs);
        }
        units = us.toArray(int[][]::new);
    }

    /**
     * True when plans may store 128-bit chunks: the format's hardware reads 128-bit chunks (so the CPU beside it has
     * cmpxchg16b and the kernel uses it) and the reader model reads at least 128 bits (so the store is atomic to it).
     */
    static boolean wideStores(EntryFormat format, ReaderModel model) {
        return format.defaultChunkBits() >= 128 && model.chunkBits() >= 128;
    }

    /** The changing fields, stray differing bits per qword, and the valid bit. */
    private List<Piece> rawPieces(Entry decides) {
        List<Piece> out = new ArrayList<>();
        long[] covered = new long[qwords];
        Field v = format.blockBit(); // the bit a breaking path clears: the valid bit, or what blocks (AMD-Vi TV)
        for (Field f : format.fields()) {
            covered[f.qword()] |= f.qwordMask();
            long m = f.qwordMask();
            long a = current.qword(f.qword()) & m, b = target.qword(f.qword()) & m;
            boolean deciding = (decides.qword(f.qword()) & m) != 0;
            if (f.equals(v)) {
                Set<Long> dom = new LinkedHashSet<>(List.of(a, b, 0L));
                out.add(new Piece(f.name(), f.qword(), m, dom.stream().mapToLong(Long::longValue).toArray(), true));
            } else if (a != b) {
                out.add(new Piece(f.name(), f.qword(), m, new long[]{a, b}, deciding));
            }
        }
        for (int q = 0; q < qwords; q++) {
            long m = (current.qword(q) ^ target.qword(q)) & ~covered[q];
            if (m != 0) {
                out.add(new Piece("q" + q + "-bits", q, m, new long[]{current.qword(q) & m, target.qword(q) & m},
                        (decides.qword(q) & m) != 0));
            }
        }
        return out;
    }

    /** Merges non-deciding pieces of one qword with the same signature (see the class comment). */
    private List<Piece> merge(List<Piece> raw, Entry decides, boolean[] zeroable) {
        // every configuration the space can show: the product of the deciding pieces' values, with zeroed qwords
        List<Entry> configs = new ArrayList<>();
        configs.add(current.and(decides));
        for (Piece p : raw) {
            if (!p.deciding()) continue;
            if ((long) configs.size() * p.values().length > MAX_STATES) {
                throw new SynthesisLimitException("more than " + MAX_STATES + " combinations of the bits that decide the used bits");
            }
            List<Entry> next = new ArrayList<>();
            for (Entry c : configs) for (long val : p.values()) next.add(c.withQword(p.qword(), c.qword(p.qword()) & ~p.mask() | val));
            configs = next;
        }
        Set<Entry> all = new LinkedHashSet<>(configs);
        for (Entry c : configs) {
            for (int q = 0; q < qwords; q++) if (zeroable[q]) all.add(c.withQword(q, 0));
        }
        List<Entry> compared = new ArrayList<>();
        for (Entry c : all) compared.add(oracle.comparedBits(current.andNot(decides).or(c)));
        Map<String, Piece> merged = new LinkedHashMap<>();
        List<Piece> out = new ArrayList<>();
        for (Piece p : raw) {
            if (p.deciding()) {
                out.add(p);
                continue;
            }
            long diff = p.values()[0] ^ p.values()[1];
            StringBuilder sig = new StringBuilder().append(p.qword()).append(':');
            for (Entry m : compared) sig.append((m.qword(p.qword()) & diff) != 0 ? '1' : '0');
            merged.merge(sig.toString(), p, (a, b) -> new Piece(a.name() + "+" + b.name(), a.qword(), a.mask() | b.mask(),
                    new long[]{a.values()[0] | b.values()[0], a.values()[1] | b.values()[1]}, false));
        }
        out.addAll(merged.values());
        return List.copyOf(out);
    }

    /** The values of qword {@code q}: every combination of its pieces' values, then zero; current first. */
    private Map<Long, String> qwordValues(int q, boolean zeroable) {
        Map<Long, String> vs = new LinkedHashMap<>();
        vs.put(current.qword(q), "");
        List<Piece> here = pieces.stream().filter(p -> p.qword() == q).toList();
        int[] pick = new int[here.size()];
        while (true) {
            long x = current.qword(q);
            List<String> what = new ArrayList<>();
            for (int i = 0; i < here.size(); i++) {
                Piece p = here.get(i);
                x = x & ~p.mask() | p.values()[pick[i]];
                long val = p.values()[pick[i]];
                if (val == p.values()[0]) continue;
                what.add(val == (target.qword(q) & p.mask()) ? p.name() + " new" : p.name() + "=0");
            }
            vs.putIfAbsent(x, String.join(", ", what));
            int i = 0;
            while (i < here.size() && ++pick[i] == here.get(i).values().length) pick[i++] = 0;
            if (i == here.size()) break;
        }
        if (zeroable) vs.putIfAbsent(0L, "zero");
        return vs;
    }

    int digit(int state, int q) {
        return state / stride[q] % values[q].length;
    }

    /** The state with qword {@code q} holding value {@code d}. */
    int with(int state, int q, int d) {
        return state + (d - digit(state, q)) * stride[q];
    }

    Entry entry(int state) {
        long[] q = new long[qwords];
        for (int i = 0; i < qwords; i++) q[i] = values[i][digit(state, i)];
        return Entry.of(q);
    }

    /** The state of {@code e}, or -1 when {@code e} is outside the space. */
    int state(Entry e) {
        int s = 0;
        for (int q = 0; q < qwords; q++) {
            int d = -1;
            for (int i = 0; i < values[q].length; i++) if (values[q][i] == e.qword(q)) d = i;
            if (d < 0) return -1;
            s += d * stride[q];
        }
        return s;
    }

    /** The oracle's judgement of a state, cached. */
    Seen judge(int state) {
        byte b = judged[state];
        if (b != 0) return Seen.values()[b - 1];
        Seen s = oracle.judge(entry(state));
        judgements++;
        judged[state] = (byte) (s.ordinal() + 1);
        return s;
    }

    /** What the state holds that the current entry does not, in piece terms: {@code DID new; q0 zero}. */
    String describe(int state) {
        List<String> out = new ArrayList<>();
        for (int q = 0; q < qwords; q++) {
            String l = labels[q][digit(state, q)];
            if (!l.isEmpty()) out.add(l.equals("zero") ? "q" + q + " zero" : l);
        }
        return out.isEmpty() ? "the current entry" : String.join(", ", out);
    }

    /** The store unit holding qword {@code q}. */
    int unitOf(int q) {
        return q / (unitBits / 64);
    }
}
