package dev.hitless.planlang;

import dev.hitless.entry.Entry;
import dev.hitless.format.AmdDte;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.format.NarrowFormats;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each shipped example plan file is its built-in twin written in the plan language: for every transition tried,
 * the file and the Java ordering give the same steps, the same claim and the same final entry.
 */
class ExamplesMatchBuiltInsTest {

    @TestFactory
    List<DynamicTest> everyExampleMatchesItsTwinOnTheTestFormat() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : PlanFile.EXAMPLES) {
            if (!Orderings.byName(name).appliesTo(new TestVtdFormat())) continue; // a driver's own: on its format only
            tests.add(DynamicTest.dynamicTest(name + " on test-vtd", () ->
                    assertTwins(name, new TestVtdFormat(), TestVtdFormat.samples())));
        }
        return tests;
    }

    /**
     * Every ordered pair of every format's catalogue, including each configuration to itself: the real formats and
     * the 4- and 2-qword test formats, so one file ({@code q[0..last]}, {@code c[0..last]}) fits every width. A file
     * whose twin applies to some formats only (AMD-Vi's orderings: amd-dte) runs on those, and says so itself.
     */
    @TestFactory
    List<DynamicTest> everyExampleMatchesItsTwinOnEveryCatalogue() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : PlanFile.EXAMPLES) {
            for (EntryFormat format : NarrowFormats.everyWidth()) {
                boolean applies = Orderings.byName(name).appliesTo(format);
                assertEquals(applies, PlanFile.example(name).appliesTo(format), name + " applies to " + format.name());
                if (!applies) continue;
                List<Entry> entries = format.catalogue().stream().map(NamedConfig::entry).toList();
                tests.add(DynamicTest.dynamicTest(name + " on " + format.name() + " (" + entries.size() + "^2 pairs)",
                        () -> assertTwins(name, format, entries)));
            }
        }
        return tests;
    }

    /** The transitions tried reach every branch the used-bits files have, so agreement is not vacuous. */
    @Test
    void theTransitionsReachEveryPath() {
        for (EntryFormat format : formats()) {
            for (String name : List.of("used-bits-64", "used-bits-128")) {
                Set<Claim> seen = EnumSet.noneOf(Claim.class);
                Ordering o = PlanFile.example(name);
                for (Entry c : entries(format)) for (Entry t : entries(format)) seen.add(o.plan(format, c, t).claim());
                assertEquals(EnumSet.of(Claim.NO_CHANGE, Claim.HITLESS, Claim.BREAKING), seen, name + " on " + format.name());
            }
        }
    }

    /**
     * The AMD files keep the live interrupt-remapping bits as their twins do: every catalogue pair again with the
     * live entry's interrupt fields set (IV=1, a table, pass bits), which the catalogue leaves zero.
     */
    @Test
    void theAmdFilesKeepTheLiveInterruptBits() {
        AmdDte dte = new AmdDte();
        List<Entry> plainEntries = entries(dte);
        List<Entry> live = new ArrayList<>();
        for (Entry e : plainEntries) {
            Entry x = AmdDte.IV.set(e, 1);
            x = AmdDte.INT_TAB_LEN.set(x, 0xb);
            x = AmdDte.IRT_ROOT.set(x, 0x1234);
            x = AmdDte.NMI_PASS.set(x, 1);
            x = AmdDte.INT_CTL.set(x, 2);
            x = AmdDte.LINT1_PASS.set(x, 1);
            live.add(x);
        }
        for (String name : List.of("amd-update-dte256", "xen-no-cx16", "amd-2009-v-first")) {
            Ordering file = PlanFile.example(name);
            Ordering builtIn = Orderings.byName(name);
            for (Entry current : live) {
                for (Entry target : plainEntries) {
                    Plan want = builtIn.plan(dte, current, target);
                    Plan got = file.plan(dte, current, target);
                    assertEquals(want.steps(), got.steps(), name + "\n" + want + got);
                    assertEquals(want.claim(), got.claim(), name);
                    assertEquals(AmdDte.IV.get(current), AmdDte.IV.get(got.finalEntry()), name + " keeps IV");
                }
            }
        }
    }

    /**
     * The RISC-V files on every catalogue configuration and each with new RCID and MCID, all pairs: riscv-dc-ext's
     * catalogue has no QoS-only pair, so only these reach riscv-qos-in-place.plan's in-place path (and its
     * {@code format == riscv-dc-ext} fallback next to it) on the extended format.
     */
    @Test
    void theRiscvFilesMatchOnQosEditsOfBothFormats() {
        for (EntryFormat format : List.of(Formats.byName("riscv-dc"), Formats.byName("riscv-dc-ext"))) {
            List<Entry> entries = new ArrayList<>(entries(format));
            for (Entry e : entries(format)) {
                entries.add(dev.hitless.format.RiscvDc.MCID.set(dev.hitless.format.RiscvDc.RCID.set(e, 5), 7));
            }
            long inPlace = 0;
            for (Entry c : entries) {
                for (Entry t : entries) {
                    if (!c.equals(t) && dev.hitless.ordering.RiscvQosInPlace.inPlace(format, c, t)) inPlace++;
                }
            }
            assertTrue(inPlace > 0, "QoS-only edits of a valid DC on " + format.name());
            assertTwins("riscv-iodir", format, entries);
            assertTwins("riscv-qos-in-place", format, entries);
        }
    }

    /** Every branch of update_dte256 is taken by some catalogue pair, so the twins agree on each. */
    @Test
    void theCatalogueReachesEveryBranchOfUpdateDte256() {
        AmdDte dte = new AmdDte();
        Set<String> shapes = new java.util.TreeSet<>();
        for (Entry c : entries(dte)) {
            for (Entry t : entries(dte)) {
                Plan p = Orderings.byName("amd-update-dte256").plan(dte, c, t);
                StringBuilder sb = new StringBuilder();
                for (dev.hitless.plan.Step s : p.steps()) {
                    sb.append(s instanceof dev.hitless.plan.Step.Store128 w ? "c" + w.chunk() : s.isStore() ? "?" : "|");
                }
                shapes.add(p.claim() + " " + sb);
            }
        }
        // upper-lower (1, 3), lower-upper (2, 4), through V=0 (5), lower only (6); with or without the IOTLB sync
        assertTrue(shapes.stream().anyMatch(x -> x.contains("c1c0|")), shapes.toString());
        assertTrue(shapes.stream().anyMatch(x -> x.contains("c0c1|")), shapes.toString());
        assertTrue(shapes.stream().anyMatch(x -> x.startsWith("BREAKING c0|c1c0|")), shapes.toString());
        assertTrue(shapes.stream().anyMatch(x -> x.startsWith("HITLESS c0|") && !x.contains("c1")), shapes.toString());
    }

    /** Negative control: the draft file is not the correct algorithm, so the comparison can tell files apart. */
    @Test
    void theDraftFileDiffersFromTheCorrectAlgorithm() {
        Ordering draft = PlanFile.example("used-bits-128-draft");
        Ordering right = Orderings.byName("used-bits-128");
        for (EntryFormat format : formats()) {
            long differ = 0;
            for (Entry c : entries(format)) {
                for (Entry t : entries(format)) {
                    if (!draft.plan(format, c, t).steps().equals(right.plan(format, c, t).steps())) differ++;
                }
            }
            assertTrue(differ > 0, "the draft should differ somewhere on " + format.name());
        }
    }

    /** The formats with at least two 128-bit quanta (so a breaking path exists for both quantum sizes). */
    private static List<EntryFormat> formats() {
        // the VT-d context entries are one 128-bit quantum: no breaking path for used-bits-128 to take
        List<EntryFormat> out = new ArrayList<>(Formats.all().stream().filter(f -> f.qwords() >= 4).toList());
        out.add(new TestVtdFormat());
        out.add(NarrowFormats.FOUR);
        return out;
    }

    private static List<Entry> entries(EntryFormat format) {
        return format instanceof TestVtdFormat ? TestVtdFormat.samples()
                : format.catalogue().stream().map(NamedConfig::entry).toList();
    }

    static int assertTwins(String name, EntryFormat format, List<Entry> entries) {
        Ordering file = PlanFile.example(name);
        Ordering builtIn = Orderings.byName(name);
        assertEquals(PlanFile.CLASH_PREFIX + name, file.name(), "a file may not pass for the built-in");
        assertEquals(builtIn.description(), file.description());
        int n = 0;
        for (Entry current : entries) {
            for (Entry target : entries) {
                Plan want = builtIn.plan(format, current, target);
                Plan got = file.plan(format, current, target);
                String what = name + " on " + format.name() + "\n  current " + current + "\n  target  " + target
                        + "\nbuilt-in:\n" + want + "plan file:\n" + got;
                assertEquals(want.steps(), got.steps(), what);
                assertEquals(want.claim(), got.claim(), what);
                assertEquals(want.finalEntry(), got.finalEntry(), what);
                n++;
            }
        }
        assertTrue(n > 0);
        return n;
    }
}
