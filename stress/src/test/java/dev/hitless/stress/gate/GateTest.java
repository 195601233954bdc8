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
        List<String> ci = Gate.plannedTests("ci", null);
        assertEquals(10, ci.size(), ci.toString());
        assertEquals(4, ci.stream().filter(Gate::mustObserveTear).count(), ci.toString());
        assertTrue(ci.contains("dev.hitless.stress.showcase.StructCopyTears"));
    }

    @Test
    void generatedSuiteHasEveryCaseAndNineMustTear() {
        List<String> gen = Gate.plannedTests("generated", null);
        assertEquals(StressSuite.cases().size(), gen.size());
        assertEquals(9, gen.stream().filter(Gate::mustObserveTear).count());
    }

    @Test
    void badInputIsExitCodeTwo() {
        assertThrows(Gate.BadInput.class, () -> Gate.run(new String[] {"run", "--suite", "nosuch"}));
        assertThrows(Gate.BadInput.class, () -> Gate.run(new String[] {"run", "--suite", "ci", "--mode", "fast"}));
        assertThrows(Gate.BadInput.class, () -> Gate.run(new String[] {"run", "--suite", "ci", "--filter", "NoSuchTest"}));
        assertThrows(Gate.BadInput.class, () -> Gate.run(new String[] {"run"}));
        assertThrows(Gate.BadInput.class, () -> Gate.run(new String[0]));
    }
}
