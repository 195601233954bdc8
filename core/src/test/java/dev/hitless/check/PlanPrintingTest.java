package dev.hitless.check;

import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plans print with step numbers, kinds, hex values and decoded field changes. */
class PlanPrintingTest {
    @Test
    void everyBuiltInPrintsNumberedStepsWithHexAndFieldChanges() {
        EntryFormat f = Formats.vtd();
        for (Ordering o : Orderings.builtInsFor(f)) {
            Plan p = o.plan(f, f.parseConfig("sl-did7-a"), f.parseConfig("fl-did5-a"));
            String text = p.toString();
            assertTrue(text.startsWith(o.name() + " on vtd-pasid: "), text);
            assertTrue(text.matches("(?s).*\\n\\s+1\\s+(store64|store128|barrier)\\s.*"), text);
            assertTrue(text.contains("0x"), text);
            assertTrue(text.contains("PGTT 2(SL)->") || text.contains("PGTT 0->1(FL)"), text);
            assertTrue(text.contains("sync"), text);
        }
    }

    @Test
    void store128PrintsChunkAndBothQwords() {
        EntryFormat f = Formats.vtd();
        String text = Orderings.byName("used-bits-128").plan(f, f.parseConfig("fl-did5-a"), f.parseConfig("fl-did5-b")).toString();
        assertTrue(text.matches("(?s).*store128 +c1 q2-3 +0x0000000000200000 0x0000000000000000 +FSPTPTR 0x100000->0x200000.*"), text);
    }
}
