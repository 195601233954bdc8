package dev.hitless.plan;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a printed step says about barrier kinds and plain stores: a reader must tell them apart. */
class PlanPrinterTest {
    private static final EntryFormat VTD = Formats.vtd();

    @Test
    void aBarrierNamesItsKind() {
        Entry e = VTD.parseConfig("fl-did5-a");
        List<String> lines = PlanPrinter.lines(VTD, e, List.of(new Step.Barrier(BarrierKind.DMA_WMB), new Step.Barrier(BarrierKind.SMP_WMB)));
        assertEquals("    1  barrier   dma_wmb", lines.get(0));
        assertEquals("    2  barrier   smp_wmb", lines.get(1));
    }

    @Test
    void aPlainStoreIsMarkedAndAWriteOnceIsNot() {
        Entry a = VTD.parseConfig("fl-did5-a"), b = VTD.parseConfig("fl-did6-a");
        List<String> lines = PlanPrinter.lines(VTD, a, List.of(new Step.Store64(1, b.qword(1), true), new Step.Store64(1, a.qword(1))));
        assertTrue(lines.get(0).matches(" +1 +store64 +q1 plain +0x0000000000800006 +DID 0x5->0x6"), lines.get(0));
        assertTrue(lines.get(1).matches(" +2 +store64 +q1 +0x0000000000800005 +DID 0x6->0x5"), lines.get(1));
        assertEquals(lines.get(0).indexOf("0x"), lines.get(1).indexOf("0x"), "the columns stay aligned");
    }
}
