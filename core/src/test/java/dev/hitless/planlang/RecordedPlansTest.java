package dev.hitless.planlang;

import dev.hitless.cli.Main;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A recording written by {@link RecordedPlans} is an ordinary plan file that replays exactly what was recorded, and
 * refuses, in one located line, a transition that was not.
 */
class RecordedPlansTest {
    private static final EntryFormat VTD = Formats.vtd();

    private static List<Plan> record(Ordering o, EntryFormat format) {
        List<Plan> plans = new ArrayList<>();
        for (NamedConfig a : format.catalogue()) for (NamedConfig b : format.catalogue()) plans.add(o.plan(format, a.entry(), b.entry()));
        return plans;
    }

    private static Ordering load(String text) {
        return PlanFile.parse("rec.plan", text);
    }

    /** Every built-in on every catalogue transition of every format: recorded, written, loaded, planned again. */
    @TestFactory
    List<DynamicTest> everyBuiltInRoundTripsOnEveryCatalogue() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Ordering o : Orderings.builtIns()) {
            for (EntryFormat format : Formats.all()) {
                if (!o.appliesTo(format)) continue; // a driver's own ordering plans for its format only
                tests.add(DynamicTest.dynamicTest(o.name() + " on " + format.name(), () -> {
                    List<Plan> recorded = record(o, format);
                    Ordering replay = load(RecordedPlans.write("rec-" + o.name(), "recorded " + o.name(), o.quantumBits(), recorded));
                    assertEquals(o.quantumBits(), replay.quantumBits());
                    for (Plan want : recorded) {
                        Plan got = replay.plan(format, want.current(), want.target());
                        String what = "\nrecorded:\n" + want + "replayed:\n" + got;
                        assertEquals(want.steps(), got.steps(), what);
                        assertEquals(want.claim(), got.claim(), what);
                    }
                }));
            }
        }
        return tests;
    }

    /** The round trip is not vacuous: the recordings hold every kind of step and claim the file must replay. */
    @Test
    void theRecordingsHoldEveryStepKindAndClaim() {
        EnumSet<Claim> claims = EnumSet.noneOf(Claim.class);
        List<Class<?>> kinds = new ArrayList<>();
        for (Ordering o : Orderings.builtIns()) {
            for (EntryFormat format : Formats.all()) {
                if (!o.appliesTo(format)) continue;
                for (Plan p : record(o, format)) {
                    claims.add(p.claim());
                    for (Step s : p.steps()) if (!kinds.contains(s.getClass())) kinds.add(s.getClass());
                }
            }
        }
        assertEquals(EnumSet.allOf(Claim.class), claims);
        assertEquals(Step.class.getPermittedSubclasses().length, kinds.size(), "every kind of step, " + kinds);
    }

    /** Stores replay even where memory already holds the value, and barriers and syncs replay where they were. */
    @Test
    void aRecordedStoreIsStoredWhateverMemoryHolds() {
        Entry a = VTD.catalogue().get(1).entry(), b = VTD.catalogue().get(2).entry();
        List<Step> steps = List.of(new Step.Barrier(), new Step.Store64(0, a.qword(0)), new Step.Barrier(),
                new Step.Store128(1, b.qword(2), b.qword(3)), new Step.Sync(EnumSet.of(SyncKind.DEVTLB, SyncKind.ENTRY)),
                new Step.Sync(EnumSet.of(SyncKind.IOTLB)), new Step.Store64(0, a.qword(0)));
        Plan p = new Plan("c-writer", VTD, a, b, Claim.UNCLAIMED, steps);
        String text = RecordedPlans.write("my-writer", "from \"writer.c\" \\ line\ntwo", 128, List.of(p));
        assertTrue(text.contains("\n  store q0 = " + Entry.hex(a.qword(0)) + "\n"), text);
        assertTrue(text.contains("\n  sync entry devtlb\n"), text);
        Ordering o = load(text);
        assertEquals("from \"writer.c\" \\ line two", o.description());
        Plan got = o.plan(VTD, a, b);
        assertEquals(steps, got.steps());
        assertEquals(Claim.UNCLAIMED, got.claim());
    }

    /** A recording keeps each barrier's kind and each plain store's plainness: written, loaded, planned, the same steps. */
    @Test
    void barrierKindsAndPlainStoresRoundTrip() {
        Entry a = VTD.catalogue().get(1).entry(), b = VTD.catalogue().get(2).entry();
        List<Step> steps = List.of(new Step.Barrier(BarrierKind.SMP_WMB), new Step.Store64(1, b.qword(1), true),
                new Step.Barrier(BarrierKind.DMA_WMB), new Step.Store64(2, b.qword(2), true), new Step.Store64(0, b.qword(0)),
                new Step.Sync(EnumSet.of(SyncKind.ENTRY)));
        Plan p = new Plan("c-writer", VTD, a, b, Claim.UNCLAIMED, steps);
        String text = RecordedPlans.write("kinds", null, 64, List.of(p));
        assertTrue(text.contains("\n  barrier smp_wmb\n  store plain q1 = " + Entry.hex(b.qword(1)) + "\n  barrier dma_wmb\n"), text);
        assertTrue(text.contains("\n  store q0 = " + Entry.hex(b.qword(0)) + "\n"), text);
        assertEquals(steps, load(text).plan(VTD, a, b).steps());
    }

    @Test
    void anUnrecordedTransitionIsOneLocatedLineNamingIt() {
        List<NamedConfig> c = VTD.catalogue();
        Ordering o = Orderings.byName("used-bits-128");
        Plan p = o.plan(VTD, c.get(0).entry(), c.get(1).entry());
        String text = RecordedPlans.write("rec", null, 128, List.of(p, p));
        Ordering replay = load(text);
        assertEquals(p.steps(), replay.plan(VTD, p.current(), p.target()).steps());
        int line = (int) text.lines().takeWhile(l -> !l.contains("error")).count() + 1;
        PlanFileException e = assertThrows(PlanFileException.class, () -> replay.plan(VTD, c.get(1).entry(), c.get(0).entry()));
        assertEquals("rec.plan:" + line + ":3: expected a transition recorded in this file (1 recorded), found the vtd-pasid transition "
                + c.get(1).name() + " -> " + c.get(0).name(), e.getMessage());
        Entry odd = c.get(1).entry().withQword(7, 0xabc);
        e = assertThrows(PlanFileException.class, () -> replay.plan(VTD, odd, c.get(0).entry()));
        assertTrue(e.getMessage().endsWith("found the vtd-pasid transition entry(" + odd + ") -> " + c.get(0).name()), e.getMessage());
        e = assertThrows(PlanFileException.class, () -> load(RecordedPlans.write("none", "x", 64, List.of())).plan(VTD, p.current(), p.target()));
        assertEquals("rec.plan:7:1: expected a transition recorded in this file (0 recorded), found the vtd-pasid transition "
                + c.get(0).name() + " -> " + c.get(1).name(), e.getMessage());
    }

    @Test
    void twoDifferentPlansForOneTransitionAreRefused() {
        List<NamedConfig> c = VTD.catalogue();
        Plan p = Orderings.byName("used-bits-128").plan(VTD, c.get(0).entry(), c.get(1).entry());
        Plan other = p.withSteps("x", List.of(new Step.Barrier()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordedPlans.write("rec", "x", 64, List.of(p, other)));
        assertTrue(e.getMessage().startsWith("two different recorded plans for the transition " + c.get(0).name()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RecordedPlans.write("Rec", "x", 64, List.of(p)));
        assertThrows(IllegalArgumentException.class, () -> RecordedPlans.write("rec", "x", 16, List.of(p)));
    }

    /** The commands take a recording like any plan file: a recorded transition checks, an unrecorded one is exit 2. */
    @Test
    void theCommandLineTakesARecording(@TempDir Path dir) throws Exception {
        Ordering o = Orderings.byName("used-bits-128");
        Path f = dir.resolve("rec.plan");
        Files.writeString(f, RecordedPlans.write("rec", "recorded", 128,
                List.of(o.plan(VTD, VTD.parseConfig("fl-did5-a"), VTD.parseConfig("fl-did6-a")))));
        String[] check = {"check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-a", "--ordering"};
        int builtIn = cli(join(check, "used-bits-128")).code;
        assertTrue(builtIn == 0 || builtIn == 1);
        assertEquals(builtIn, cli(join(check, f.toString())).code);
        Cli r = cli("check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "sl-did7-a", "--ordering", f.toString());
        assertEquals(2, r.code, r.err);
        assertEquals("hitless: error: " + f + ":" + (Files.readString(f).lines().takeWhile(l -> !l.contains("error")).count() + 1)
                + ":3: expected a transition recorded in this file (1 recorded), found the vtd-pasid transition fl-did5-a -> sl-did7-a\n",
                r.err.replace("\r\n", "\n"));
    }

    /** A whole catalogue's recording gives the matrix the built-in gives, cell for cell. */
    @Test
    void theMatrixOfARecordingIsTheBuiltInsMatrix(@TempDir Path dir) throws Exception {
        EntryFormat cd = Formats.byName("smmu-cd");
        Ordering o = Orderings.byName("used-bits-64");
        Path f = dir.resolve("rec.plan");
        Files.writeString(f, RecordedPlans.write("rec", o.description(), 64, record(o, cd)));
        Cli builtIn = cli("matrix", "--format", "smmu-cd", "--ordering", "used-bits-64");
        Cli replay = cli("matrix", "--format", "smmu-cd", "--ordering", f.toString());
        assertEquals(builtIn.code, replay.code, replay.out + replay.err);
        assertEquals(builtIn.out.replace("used-bits-64", "rec").replaceAll(" +", " "), replay.out.replaceAll(" +", " "));
    }

    private record Cli(int code, String out, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    private static String[] join(String[] a, String last) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = last;
        return out;
    }
}
