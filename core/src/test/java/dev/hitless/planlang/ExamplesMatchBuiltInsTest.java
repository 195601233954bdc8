package dev.hitless.planlang;

import dev.hitless.entry.Entry;
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
            tests.add(DynamicTest.dynamicTest(name + " on test-vtd", () ->
                    assertTwins(name, new TestVtdFormat(), TestVtdFormat.samples())));
        }
        return tests;
    }

    /**
     * Every ordered pair of every format's catalogue, including each configuration to itself: the real formats and
     * the 4- and 2-qword test formats, so one file ({@code q[0..last]}, {@code c[0..last]}) fits every width.
     */
    @TestFactory
    List<DynamicTest> everyExampleMatchesItsTwinOnEveryCatalogue() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : PlanFile.EXAMPLES) {
            for (EntryFormat format : NarrowFormats.everyWidth()) {
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
        List<EntryFormat> out = new ArrayList<>(Formats.all());
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
