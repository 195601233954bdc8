package dev.hitless.planlang;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/plan-language.md cannot drift: its plan files load, and its inlined example is the shipped file. */
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
        assertEquals(2, blocks.size());
        for (String b : blocks) PlanFile.parse("doc.plan", b);
    }

    @Test
    void theInlinedExampleIsTheShippedFile() throws Exception {
        assertTrue(planBlocks().contains(PlanFile.exampleText("used-bits-64")));
    }
}
