package dev.hitless.ordering;

import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.plan.Plan;
import dev.hitless.plan.PlanPrinter;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/visibility.md cannot drift from the plans: its transition lists and its showcase's plans are computed here. */
class VisibilityDocTest {
    private static final Path DOC = Path.of("..", "docs", "visibility.md");

    @Test
    void theListedTransitionsAreTheOnesWhoseFirstStorePublishesANewTable() throws Exception {
        String doc = Files.readString(DOC);
        EntryFormat ste = Formats.ste();
        List<String> ts = NewTables.transitions(Orderings.byName("used-bits-64-no-wmb"), ste);
        assertEquals(4, ts.size(), "the doc says 4 of 110");
        assertTrue(doc.contains("that is 4 of 110 transitions"));
        for (String t : ts) {
            String[] ab = t.split(" -> ");
            assertTrue(doc.contains("`" + ab[0] + " -> " + ab[1] + "`") || doc.contains("`" + ab[1] + " -> " + ab[0] + "`"), t);
        }
        assertEquals(List.of(), NewTables.transitions(Orderings.byName("used-bits-64-no-wmb"), Formats.byName("smmu-cd")),
                "the doc says the CD catalogue has none");
        assertEquals(30, NewTables.transitions(Orderings.byName("entry-sync-128"), Formats.vtd()).size(), "the doc says 30 of 110");
        assertTrue(doc.contains("UNINIT on 30 of the 110 VT-d transitions"));
    }

    @Test
    void theShowcasePlansAreWhatPlanPrints() throws Exception {
        String doc = Files.readString(DOC);
        EntryFormat ste = Formats.ste();
        for (String o : List.of("used-bits-64-no-wmb", "used-bits-64")) {
            Plan p = Orderings.byName(o).plan(ste, ste.parseConfig("s2-vmid1"), ste.parseConfig("s2-vmid1-ttb-b"));
            String block = "$ ./hitless plan --format smmu-ste --from s2-vmid1 --to s2-vmid1-ttb-b --ordering " + o + "\n"
                    + String.join("\n", PlanPrinter.lines(ste, p.current(), p.steps())) + "\n";
            assertTrue(doc.contains(block), block);
        }
    }
}
