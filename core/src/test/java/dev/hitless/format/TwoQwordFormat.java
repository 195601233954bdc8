package dev.hitless.format;

import dev.hitless.entry.Entry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.hitless.format.ConfigKind.Param.pointer;
import static dev.hitless.format.ConfigKind.Param.value;

/**
 * A test-only format of 2 qwords (128 bits), invented for the tests that prove every layer follows the format's width.
 *
 * <pre>
 *   q0  V 0, CFG 3:1 (0 ABORT, 4 BYPASS, 5 TRANS), PTR 51:12 (the table it walks)
 *   q1  TAG 15:0 (the cache tag), HINT 32 (update-safe)
 * </pre>
 * Used bits: V = 0 uses V alone; V = 1 uses V and CFG; TRANS adds PTR, TAG and HINT. HINT may change under a live
 * reader (an update-safe bit, like the STE's MEV). Read in 64-bit chunks on an ARMv8 platform, like an STE.
 */
public final class TwoQwordFormat extends TableFormat {
    public static final int QWORDS = 2;

    public static final Field V = Field.bit("V", 0, 0);
    public static final Field CFG = new Field("CFG", 0, 3, 1).named(Map.of(0L, "ABORT", 4L, "BYPASS", 5L, "TRANS"));
    public static final Field PTR = Field.address("PTR", 0, 51, 12);
    public static final Field TAG = new Field("TAG", 1, 15, 0);
    public static final Field HINT = Field.bit("HINT", 1, 32);

    private static final List<ConfigKind> KINDS = List.of(
            new ConfigKind("two-clear", "cleared, all zero (V=0)", List.of(), v -> Entry.zero(QWORDS)),
            new ConfigKind("two-abort", "V=1, CFG=ABORT", List.of(), v -> CFG.set(V.set(Entry.zero(QWORDS), 1), 0)),
            new ConfigKind("two-bypass", "V=1, CFG=BYPASS", List.of(), v -> CFG.set(V.set(Entry.zero(QWORDS), 1), 4)),
            new ConfigKind("two-trans", "V=1, CFG=TRANS through a table", List.of(
                    value("tag", "cache tag", 1, 0xffff),
                    pointer("ptr", "table address, 4 KiB aligned", 0x100000, (1L << 52) - 4096, 4096),
                    value("hint", "update-safe hint", 0, 1)),
                    v -> HINT.set(TAG.set(PTR.set(CFG.set(V.set(Entry.zero(QWORDS), 1), 5), v.get("ptr") >>> 12),
                            v.get("tag")), v.get("hint"))));

    public TwoQwordFormat() {
        super("test-two", "two-qword test entry", QWORDS, List.of(V, CFG, PTR, TAG, HINT), V, 64, KINDS, """
                cleared      two-clear
                abort        two-abort
                bypass       two-bypass
                trans1-a     two-trans:tag=1,ptr=0x100000
                trans1-b     two-trans:tag=1,ptr=0x200000
                trans2-a     two-trans:tag=2,ptr=0x100000
                trans1-hint  two-trans:tag=1,ptr=0x100000,hint=1
                """);
    }

    @Override
    public Platform platform() {
        return Platform.ARMV8;
    }

    @Override
    public Entry usedBitsDependOn() {
        return mask(V, CFG);
    }

    @Override
    public Entry usedBits(Entry e) {
        if (V.get(e) == 0) return mask(V);
        if (CFG.get(e) != 5) return mask(V, CFG);
        return mask(V, CFG, PTR, TAG, HINT);
    }

    @Override
    public Entry updateSafeBits(Entry current, Entry target) {
        return mask(HINT);
    }

    @Override
    public Optional<Field> cacheTagField() {
        return Optional.of(TAG);
    }
}
