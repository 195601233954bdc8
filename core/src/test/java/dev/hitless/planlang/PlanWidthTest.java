package dev.hitless.planlang;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.NarrowFormats;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One plan file runs on every entry width: {@code last} is the entry's last quantum, an {@code entry(...)} literal has
 * the planned format's qword count, and an index or literal that does not fit the planned entry is a one-line
 * {@code FILE:LINE:COL} error when the plan is made.
 */
class PlanWidthTest {
    private static final EntryFormat FOUR = NarrowFormats.FOUR, TWO = NarrowFormats.TWO;
    private static final Entry OLD = FOUR.parseConfig("host1-a"), NEW = FOUR.parseConfig("guest3");

    private static Plan plan(String body, EntryFormat f, Entry current, Entry target) {
        return PlanFile.parse("w.plan", "ordering w\n" + body).plan(f, current, target);
    }

    private static PlanFileException planError(String body, EntryFormat f) {
        Ordering o = PlanFile.parse("w.plan", "ordering w\n" + body);
        PlanFileException e = assertThrows(PlanFileException.class, () -> o.plan(f, f.zero(), f.ones()));
        assertTrue(e.getMessage().matches("w\\.plan:\\d+:\\d+: expected [^\\n]+, found [^\\n]+"), e.getMessage());
        return e;
    }

    @Test
    void lastIsTheEntrysLastQuantum() {
        Plan q = plan("claim unclaimed\nstore q[0..last] = target\n", FOUR, OLD, NEW);
        assertEquals(List.of(new Step.Store64(0, NEW.qword(0)), new Step.Store64(1, NEW.qword(1)),
                new Step.Store64(2, NEW.qword(2)), new Step.Store64(3, NEW.qword(3))), q.steps());
        Plan c = plan("quantum 128\nclaim unclaimed\nstore128 c[last..0] = target\n", FOUR, OLD, NEW);
        assertEquals(List.of(new Step.Store128(1, NEW.qword(2), NEW.qword(3)), new Step.Store128(0, NEW.qword(0), NEW.qword(1))),
                c.steps());
        Entry a = TWO.parseConfig("trans1-a"), b = TWO.parseConfig("trans2-a");
        assertEquals(2, plan("claim unclaimed\nstore q[0..last] = target\n", TWO, a, b).storeCount());
        assertEquals(1, plan("quantum 128\nclaim unclaimed\nstore128 c[0..last] = target\n", TWO, a, b).storeCount());
    }

    @Test
    void lastCountsQuantaOfTheDeclaredSizeOnly() {
        PlanFileException e = assertThrows(PlanFileException.class,
                () -> PlanFile.parse("w.plan", "ordering w\nquantum 128\nclaim unclaimed\nstore q[last] = zero\n"));
        assertEquals("w.plan:4:9: expected a qword index, found last, a 128-bit quantum index under 'quantum 128'"
                + " (use store128 c[last] or change the quantum)", e.getMessage());
        PlanFileException var = assertThrows(PlanFileException.class,
                () -> PlanFile.parse("w.plan", "ordering w\nclaim unclaimed\nfor last in 0..3\nend\n"));
        assertEquals("w.plan:3:5: expected a loop variable name (lower case, not crit, vq or last), found 'last'", var.getMessage());
    }

    @Test
    void anEntryLiteralOfTheFormatsWidthWorks() {
        String body = "when current == entry(" + OLD + ")\n  claim hitless\n  store q[1] = entry(" + NEW + ")\n"
                + "else\n  claim unclaimed\nend\n";
        Plan p = plan(body, FOUR, OLD, NEW);
        assertEquals(List.of(new Step.Store64(1, NEW.qword(1))), p.steps());
        assertEquals("hitless", p.claim().label());
        assertEquals("unclaimed", plan(body, FOUR, NEW, OLD).claim().label());
    }

    @Test
    void anEntryLiteralOfAnotherWidthIsAnErrorWhenPlanned() {
        PlanFileException e = planError("when current == entry(0 0 0 0 0 0 0 0)\n  claim hitless\nelse\n  claim unclaimed\nend\n", FOUR);
        assertEquals("w.plan:2:17: expected entry(Q0 .. Q3): 4 numbers for the 4-qword test-four entry, found 8 numbers",
                e.getMessage());
        PlanFileException two = planError("claim unclaimed\nstore q0 = entry(1 2 3 4)\n", TWO);
        assertEquals("w.plan:3:12: expected entry(Q0 .. Q1): 2 numbers for the 2-qword test-two entry, found 4 numbers",
                two.getMessage());
    }

    @Test
    void anEntryLiteralHasTwoFourOrEightNumbers() {
        PlanFileException three = assertThrows(PlanFileException.class,
                () -> PlanFile.parse("w.plan", "ordering w\nclaim unclaimed\nstore q0 = entry(1 2 3)\n"));
        assertEquals("w.plan:3:23: expected qword 3 of entry(Q0 .. Q3): 4 numbers, lowest address first, found ')'",
                three.getMessage());
        PlanFileException one = assertThrows(PlanFileException.class,
                () -> PlanFile.parse("w.plan", "ordering w\nclaim unclaimed\nstore q0 = entry(1)\n"));
        assertEquals("w.plan:3:19: expected qword 1 of entry(Q0 .. Q1): 2 numbers, lowest address first, found ')'",
                one.getMessage());
    }

    @Test
    void aQwordOrChunkPastTheEntryIsAnErrorWhenPlanned() {
        assertEquals("w.plan:3:12: expected a qword index 0..3 of the 4-qword test-four entry (q[0..last] is all of it),"
                + " found 7", planError("claim unclaimed\nstore q[0..7] = target\n", FOUR).getMessage());
        assertEquals("w.plan:4:11: expected a 128-bit chunk index 0..1 of the 4-qword test-four entry (c[0..last] is all"
                + " of it), found 3", planError("quantum 128\nclaim unclaimed\nstore128 c3 = target\n", FOUR).getMessage());
        assertEquals("w.plan:4:11: expected a qword index 0..1 of the 2-qword test-two entry (q[0..last] is all of it),"
                + " found i = 2", planError("claim unclaimed\nfor i in 0..3\n  store q[i] = 0\nend\n", TWO).getMessage());
        // the same file is fine on a format wide enough
        plan("claim unclaimed\nstore q[0..7] = target\n", dev.hitless.format.Formats.vtd(), Entry.zero(8), Entry.ones(8));
    }

    /** A recording of 4-qword plans is a file of 4-qword literals that replays them step for step. */
    @Test
    void recordedPlansOfANarrowFormatReplay() {
        Ordering o = dev.hitless.ordering.Orderings.byName("used-bits-128");
        List<Entry> cat = FOUR.catalogue().stream().map(dev.hitless.format.NamedConfig::entry).toList();
        List<Plan> plans = new java.util.ArrayList<>();
        for (Entry a : cat) for (Entry b : cat) if (!a.equals(b)) plans.add(o.plan(FOUR, a, b));
        String text = RecordedPlans.write("rec", "used-bits-128 on test-four", 128, plans);
        assertTrue(text.contains("entry(" + OLD + ")"), "4-qword literals");
        Ordering replay = PlanFile.parse("rec.plan", text);
        for (Plan p : plans) assertEquals(p.steps(), replay.plan(FOUR, p.current(), p.target()).steps());
    }

    @Test
    void aQuantumLiteralFillsTheEntrysWidth() {
        Entry a = TWO.parseConfig("trans1-a");
        Plan p = plan("quantum 128\nclaim unclaimed\nstore128 c0 = chunk(0x1 0x2)\n", TWO, a, a);
        assertEquals(List.of(new Step.Store128(0, 1, 2)), p.steps());
        Plan q = plan("claim unclaimed\nstore q[0..last] = 0\n", FOUR, OLD, OLD);
        assertEquals(FOUR.zero(), q.finalEntry());
    }
}
