package dev.hitless.stress.gate;

import dev.hitless.suite.StressSuite;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gate's planning and bad-input handling (running jcstress itself is what {@code mvn verify} exercises). */
class GateTest {

    @Test
    void ciSuiteIsTheShowcasePlusThreeGeneratedTestsWithFourThatMustTear() {
        List<String> ci = SuitePlan.tests("ci", null);
        assertEquals(10, ci.size(), ci.toString());
        assertEquals(4, ci.stream().filter(MustDetect::required).count(), ci.toString());
        assertTrue(ci.contains("dev.hitless.stress.showcase.StructCopyTears"));
    }

    @Test
    void generatedSuiteHasEveryCaseAndNineMustTear() {
        List<String> gen = SuitePlan.tests("generated", null);
        assertEquals(StressSuite.cases().size(), gen.size());
        assertEquals(9, gen.stream().filter(MustDetect::required).count());
    }

    @Test
    void badInputIsExitCodeTwo() {
        assertThrows(BadInput.class, () -> Gate.run(new String[] {"run", "--suite", "nosuch"}));
        assertThrows(BadInput.class, () -> Gate.run(new String[] {"run", "--suite", "ci", "--mode", "fast"}));
        assertThrows(BadInput.class, () -> Gate.run(new String[] {"run", "--suite", "ci", "--filter", "NoSuchTest"}));
        assertThrows(BadInput.class, () -> Gate.run(new String[] {"run"}));
        assertThrows(BadInput.class, () -> Gate.run(new String[0]));
    }
}
