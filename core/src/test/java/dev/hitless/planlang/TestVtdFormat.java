package dev.hitless.planlang;

import dev.hitless.entry.Entry;
import dev.hitless.format.Field;
import dev.hitless.format.TableFormat;

import java.util.ArrayList;
import java.util.List;

/**
 * A small VT-d-like format for tests that must not depend on the real formats: P, FPD, PGTT, SLPTPTR in q0, DID and
 * an update-safe hint bit in q1, FSPTPTR in q2, a field in q4 that only the nested configuration reads. The used
 * bits follow P and PGTT, so 64-bit and 128-bit quanta give different critical counts.
 */
final class TestVtdFormat extends TableFormat {
    static final Field P = Field.bit("P", 0, 0);
    static final Field FPD = Field.bit("FPD", 0, 1);
    static final Field PGTT = new Field("PGTT", 0, 8, 6);
    static final Field SLPTPTR = new Field("SLPTPTR", 0, 63, 12);
    static final Field DID = new Field("DID", 1, 15, 0);
    static final Field HINT = Field.bit("HINT", 1, 23);
    static final Field FSPTPTR = new Field("FSPTPTR", 2, 63, 12);
    static final Field NEST = new Field("NEST", 4, 31, 0);

    static final int FL = 1, SL = 2, NESTED = 3, PT = 4;

    TestVtdFormat() {
        super("test-vtd", "VT-d-like test format", 8, List.of(P, FPD, PGTT, SLPTPTR, DID, HINT, FSPTPTR, NEST), P, 128,
                List.of(), "");
    }

    @Override
    public dev.hitless.format.Platform platform() {
        return dev.hitless.format.Platform.X86;
    }

    @Override
    public Entry usedBits(Entry e) {
        Entry m = mask(P);
        if (P.get(e) == 0) return m;
        m = m.or(mask(FPD)).or(mask(PGTT)).or(mask(DID)).or(mask(HINT));
        long pgtt = PGTT.get(e);
        if (pgtt == FL || pgtt == NESTED) m = m.or(mask(FSPTPTR));
        if (pgtt == SL || pgtt == NESTED) m = m.or(mask(SLPTPTR));
        if (pgtt == NESTED) m = m.or(mask(NEST));
        return m;
    }

    @Override
    public Entry updateSafeBits(Entry current, Entry target) {
        return mask(HINT);
    }

    static Entry entry(long pgtt, long did, long fsptptr, long slptptr) {
        Entry e = P.set(Entry.zero(8), 1);
        e = PGTT.set(e, pgtt);
        e = DID.set(e, did);
        e = FSPTPTR.set(e, fsptptr >>> 12);
        return SLPTPTR.set(e, slptptr >>> 12);
    }

    /** Entries whose ordered pairs cover: no change, ignored-bit-only changes, one and several critical quanta, (non-)present ends. */
    static List<Entry> samples() {
        List<Entry> out = new ArrayList<>();
        out.add(Entry.zero(8));
        out.add(FPD.set(Entry.zero(8), 1));                                        // not present, ignored junk
        out.add(entry(FL, 1, 0x1000, 0));
        out.add(entry(FL, 1, 0x2000, 0));                                       // FSPTPTR only: q2
        out.add(entry(FL, 2, 0x1000, 0));                                       // DID only: q1
        out.add(entry(FL, 2, 0x2000, 0));                                       // DID + FSPTPTR
        out.add(HINT.set(entry(FL, 1, 0x1000, 0), 1));                          // update-safe bit only
        out.add(entry(FL, 1, 0x1000, 0x7000));                                  // ignored SLPTPTR junk
        out.add(entry(SL, 1, 0, 0x5000));
        out.add(entry(SL, 1, 0x9000, 0x5000));                                  // ignored FSPTPTR junk
        out.add(NEST.set(entry(NESTED, 3, 0x1000, 0x5000), 7));
        out.add(entry(PT, 1, 0, 0));
        out.add(FPD.set(entry(PT, 1, 0, 0), 1));
        out.add(P.set(entry(FL, 1, 0x1000, 0), 0));                             // FL config, not present
        out.add(Entry.of(1 | (FL << 6), 1, 0x3000, 0xdead, 0, 0, 0, 0xbeef));   // junk in unused qwords
        return out;
    }
}
