package dev.hitless.reader;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;
import dev.hitless.format.Formats;
import dev.hitless.format.SmmuSte;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Which tables a driver initialises before an update ({@link TableInit#of(Oracle)}), and which
 * of them a fetched entry makes the hardware walk.
 */
class TableInitTest {

    /** The tables of the oracle's transition, as the checker names them. */
    static TableInit tablesOf(Oracle oracle) {
        return TableInit.of(oracle);
    }

    /** A table per pointer field that changes and that the target uses; none where the target's pointers are old. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "smmu-ste  | s2-vmid1    | s2-vmid1-ttb-b | S2TTB",
            "smmu-ste  | s2-vmid1    | s2-vmid2       | ''",
            "smmu-ste  | s1-ssid0    | s1-cdtab-b     | S1ContextPtr",
            "smmu-ste  | s1-ssid0    | nested         | S1ContextPtr S2TTB",
            "smmu-ste  | s2-vmid1    | abort          | ''",
            "vtd-pasid | fl-did5-a   | fl-did6-b      | FSPTPTR",
            "vtd-pasid | fl-did5-a   | sl-did7-a      | SSPTPTR",
            "smmu-cd   | s1-asid1    | s1-asid2       | TTB0",
            "smmu-cd   | sva         | sva-release    | ''",
    })
    void theTablesOfATransition(String format, String from, String to, String fields) {
        EntryFormat f = Formats.byName(format);
        TableInit t = tablesOf(new Oracle(f, f.parseConfig(from), f.parseConfig(to)));
        assertEquals(fields, String.join(" ", t.fields().stream().map(Field::name).toList()));
        assertEquals(t.fields().size(), t.count());
    }

    @Test
    void onlyNewTablePointersOfTheFormatMakeATable() {
        EntryFormat f = Formats.ste();
        Oracle o = new Oracle(f, f.parseConfig("s2-vmid1"), f.parseConfig("s2-vmid2"));
        assertThrows(IllegalArgumentException.class, () -> TableInit.of(o, List.of(SmmuSte.S2TTB)), "S2TTB does not change");
        assertThrows(IllegalArgumentException.class, () -> TableInit.of(o, List.of(SmmuSte.S2VMID)), "not a pointer");
    }

    @Test
    void aFetchWalksANewTableOnlyWhenJudgedNewWithTheTargetsPointer() {
        SmmuSte f = Formats.ste();
        Entry old = f.parseConfig("s1-ssid0");
        Entry target = f.parseConfig("nested");
        TableInit t = tablesOf(new Oracle(f, old, target));
        assertEquals(List.of(SmmuSte.S1_CONTEXT_PTR, SmmuSte.S2TTB), t.fields());
        assertEquals(0b11, t.walkedBy(target), "the target walks both new tables");
        assertEquals(0, t.walkedBy(old), "the old entry walks the old tables");
        Entry torn = SmmuSte.S2TTB.set(old, SmmuSte.S2TTB.get(target));
        assertEquals(Seen.OLD, new Oracle(f, old, target).judge(torn), "S2TTB is not used by a stage-1 STE");
        assertEquals(0, t.walkedBy(torn), "an OLD judgement walks no new table, whatever its unused bits hold");
        Entry mixed = SmmuSte.S1_CONTEXT_PTR.set(target, SmmuSte.S1_CONTEXT_PTR.get(old));
        assertEquals(Seen.TORN, new Oracle(f, old, target).judge(mixed));
        assertEquals(0, t.walkedBy(mixed), "TORN is already worse than UNINIT: no walk is reported");
    }
}
