package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.hitless.format.ConfigKind.Param.flag;
import static dev.hitless.format.ConfigKind.Param.named;
import static dev.hitless.format.ConfigKind.Param.pointer;
import static dev.hitless.format.ConfigKind.Param.value;

/**
 * A test-only format of 4 qwords (256 bits), shaped like an AMD-Vi Device Table Entry but invented for the tests that
 * prove every layer follows the format's width: nothing here is AMD's layout.
 *
 * <pre>
 *   q0  V 0, TV 1, MODE 11:9 (0 NONE, 3 3-level, 4 4-level), HPTR 51:12 (host table root), GV 55
 *   q1  DID 15:0 (the cache tag), IR 61, IW 62
 *   q2  GCR3 51:12 (guest table root)
 *   q3  IV 0, INTTAB 51:6 (interrupt table)
 * </pre>
 * Used bits: V = 0 uses V alone; V = 1 uses V, TV and IV, then INTTAB when IV = 1; TV = 1 adds MODE, DID, IR, IW and
 * GV, then HPTR when MODE is not NONE and GCR3 when GV = 1. So the used bits depend on configuration fields in q0 and
 * q3, and a present entry can use all four qwords. The hardware reads it whole: a 256-bit default chunk.
 */
public final class FourQwordFormat extends TableFormat {
    public static final int QWORDS = 4;

    public static final Field V = Field.bit("V", 0, 0);
    public static final Field TV = Field.bit("TV", 0, 1);
    public static final Field MODE = new Field("MODE", 0, 11, 9).named(Map.of(0L, "NONE", 3L, "3-level", 4L, "4-level"));
    public static final Field HPTR = Field.address("HPTR", 0, 51, 12);
    public static final Field GV = Field.bit("GV", 0, 55);
    public static final Field DID = new Field("DID", 1, 15, 0);
    public static final Field IR = Field.bit("IR", 1, 61);
    public static final Field IW = Field.bit("IW", 1, 62);
    public static final Field GCR3 = Field.address("GCR3", 2, 51, 12);
    public static final Field IV = Field.bit("IV", 3, 0);
    public static final Field INTTAB = Field.address("INTTAB", 3, 51, 6);

    private static final long PTR_MAX = (1L << 52) - 4096;

    private static final List<ConfigKind> KINDS = List.of(
            new ConfigKind("four-clear", "cleared, all zero (V=0)", List.of(), v -> Entry.zero(QWORDS)),
            new ConfigKind("four-host", "translated by a host table", List.of(
                    value("did", "domain id", 1, 0xffff), named("mode", "paging mode", 4, MODE),
                    pointer("hptr", "host table root, 4 KiB aligned", 0x100000, PTR_MAX, 4096),
                    flag("iv", "interrupt table valid", false),
                    pointer("inttab", "interrupt table, 64-byte aligned", 0x400000, (1L << 52) - 64, 64)),
                    FourQwordFormat::host),
            new ConfigKind("four-guest", "translated by a guest table over the host one", List.of(
                    value("did", "domain id", 3, 0xffff),
                    pointer("hptr", "host table root, 4 KiB aligned", 0x100000, PTR_MAX, 4096),
                    pointer("gcr3", "guest table root, 4 KiB aligned", 0x300000, PTR_MAX, 4096)),
                    v -> GCR3.set(GV.set(host(Map.of("did", v.get("did"), "mode", 4L, "hptr", v.get("hptr"),
                            "iv", 0L, "inttab", 0L)), 1), v.get("gcr3") >>> 12)),
            new ConfigKind("four-irq", "interrupts only: V=1, TV=0, IV=1", List.of(
                    pointer("inttab", "interrupt table, 64-byte aligned", 0x400000, (1L << 52) - 64, 64)),
                    v -> INTTAB.set(IV.set(V.set(Entry.zero(QWORDS), 1), 1), v.get("inttab") >>> 6)));

    public FourQwordFormat() {
        super("test-four", "four-qword test entry", QWORDS, List.of(V, TV, MODE, HPTR, GV, DID, IR, IW, GCR3, IV, INTTAB),
                V, 256, KINDS, """
                cleared      four-clear
                host1-a      four-host:did=1,hptr=0x100000
                host1-b      four-host:did=1,hptr=0x200000
                host2-a      four-host:did=2,hptr=0x100000
                host1-irq    four-host:did=1,hptr=0x100000,iv=1
                guest3       four-guest:did=3
                irq          four-irq
                """);
    }

    private static Entry host(Map<String, Long> v) {
        Entry e = TV.set(V.set(Entry.zero(QWORDS), 1), 1);
        e = MODE.set(e, v.get("mode"));
        e = HPTR.set(e, v.get("hptr") >>> 12);
        e = DID.set(e, v.get("did"));
        e = IR.set(IW.set(e, 1), 1);
        if (v.get("iv") != 0) e = INTTAB.set(IV.set(e, 1), v.get("inttab") >>> 6);
        return e;
    }

    @Override
    public Platform platform() {
        return Platform.X86;
    }

    @Override
    public Entry usedBitsDependOn() {
        return mask(V, TV, MODE, GV, IV);
    }

    @Override
    public Entry usedBits(Entry e) {
        if (V.get(e) == 0) return mask(V);
        Entry used = mask(V, TV, IV);
        if (IV.get(e) != 0) used = used.or(mask(INTTAB));
        if (TV.get(e) == 0) return used;
        used = used.or(mask(MODE, DID, IR, IW, GV));
        if (MODE.get(e) != 0) used = used.or(mask(HPTR));
        if (GV.get(e) != 0) used = used.or(mask(GCR3));
        return used;
    }

    @Override
    public Optional<Field> cacheTagField() {
        return Optional.of(DID);
    }
}
