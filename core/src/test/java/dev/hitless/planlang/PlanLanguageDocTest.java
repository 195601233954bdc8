package dev.hitless.planlang;

import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/plan-language.md cannot drift: its plan files load, its inlined example is the shipped file, and its recorded
 * example is the writer's output.
 */
class PlanLanguageDocTest {
    private static final Path DOC = Path.of("..", "docs", "plan-language.md");

    private static List<String> planBlocks() throws Exception {
        String doc = Files.readString(DOC);
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        while (m.find()) if (m.group(1).lines().anyMatch(l -> l.startsWith("ordering "))) out.add(m.group(1));
        return out;
    }

    @Test
    void everyPlanInTheDocLoads() throws Exception {
        List<String> blocks = planBlocks();
        assertEquals(3, blocks.size());
        for (String b : blocks) PlanFile.parse("doc.plan", b);
    }

    @Test
    void theInlinedExampleIsTheShippedFile() throws Exception {
        assertTrue(planBlocks().contains(PlanFile.exampleText("used-bits-64")));
    }

    /** The recorded-plan example is what {@link RecordedPlans} writes for the two transitions it names. */
    @Test
    void theRecordedExampleIsWhatTheWriterWrites() throws Exception {
        EntryFormat vtd = Formats.vtd();
        Ordering o = Orderings.byName("used-bits-128");
        List<Plan> plans = new ArrayList<>();
        for (String[] t : List.of(new String[]{"fl-did5-a", "fl-did6-a"}, new String[]{"fl-did5-b", "fl-did6-a"})) {
            Plan p = o.plan(vtd, vtd.parseConfig(t[0]), vtd.parseConfig(t[1]));
            plans.add(new Plan("recorded", vtd, p.current(), p.target(), Claim.UNCLAIMED, p.steps()));
        }
        String text = RecordedPlans.write("recorded-demo", "used-bits-128 recorded on two vtd-pasid transitions", 128, plans);
        assertTrue(planBlocks().contains(text), text);
        String doc = Files.readString(DOC);
        String line = "rec.plan:" + (text.lines().takeWhile(l -> !l.contains("error")).count() + 1) + ":3: expected a transition"
                + " recorded in this file (2 recorded), found the vtd-pasid transition fl-did5-a -> sl-did7-a";
        assertTrue(doc.contains("`" + line + "`"), line);
        PlanFileException e = org.junit.jupiter.api.Assertions.assertThrows(PlanFileException.class,
                () -> PlanFile.parse("rec.plan", text).plan(vtd, vtd.parseConfig("fl-did5-a"), vtd.parseConfig("sl-did7-a")));
        assertEquals(line, e.getMessage());
    }
}
