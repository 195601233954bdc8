package dev.hitless.cli;

import dev.hitless.ordering.Orderings;
import dev.hitless.ordering.ReverseCopyTestOrdering;
import dev.hitless.plan.Ordering;
import dev.hitless.planlang.PlanFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What {@code --ordering} accepts: an ordering's name, else a plan file; anything else is one line of bad input. */
class InputsOrderingTest {

    @Test
    void aNameIsTheOrderingOfThatName() {
        for (Ordering o : Orderings.builtIns()) {
            assertSame(o.getClass(), Inputs.ordering(o.name()).getClass(), o.name());
            assertEquals(o.name(), Inputs.ordering(o.name()).name());
        }
    }

    @Test
    void anExistingFileIsLoadedAsAPlanFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.plan");
        Files.writeString(f, PlanFile.exampleText("struct-copy").replace("ordering struct-copy", "ordering mine"));
        assertEquals("mine", Inputs.ordering(f.toString()).name());
    }

    @Test
    void neitherANameNorAFileListsTheNames(@TempDir Path dir) {
        BadInput e = assertThrows(BadInput.class, () -> Inputs.ordering(dir.resolve("fastest").toString()));
        assertEquals("unknown ordering '" + dir.resolve("fastest") + "'; expected one of struct-copy, clear-then-update, "
                + "used-bits-64, used-bits-128, used-bits-128-draft, used-bits-64-no-wmb, entry-sync-64, entry-sync-128, "
                + "amd-update-dte256, xen-no-cx16, amd-2009-v-first, riscv-iodir, riscv-qos-in-place, vtd-context-2026, vtd-context-pre-2026, "
                + ReverseCopyTestOrdering.NAME + " or a plan file", e.getMessage());
        BadInput d = assertThrows(BadInput.class, () -> Inputs.ordering(dir.toString()), "a directory is not a plan file");
        assertEquals(dir + ":1:1: expected a plan file, found a directory", d.getMessage());
    }

    @Test
    void aMalformedPlanFileNamesFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.plan");
        Files.writeString(f, "ordering bad\nstor q0 = target\n");
        BadInput e = assertThrows(BadInput.class, () -> Inputs.ordering(f.toString()));
        assertEquals(f + ":2:1: expected a statement", e.getMessage().substring(0, e.getMessage().indexOf(" (")));
    }
}
