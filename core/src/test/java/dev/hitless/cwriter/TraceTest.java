package dev.hitless.cwriter;

import dev.hitless.entry.Entry;
import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trace decoder on bytes made here: what it accepts, and that every kind of malformed trace is rejected, never a crash. */
class TraceTest {
    static final List<Transition> TWO = List.of(new Transition("a -> b", Entry.zero(8), Entry.zero(8)), new Transition("b -> c", Entry.zero(8), Entry.zero(8)));

    /** Records as the harness writes them. */
    static final class Bytes {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes rec(int type, byte[] fields) {
            le(1 + fields.length, 4);
            out.write(type);
            out.writeBytes(fields);
            return this;
        }

        Bytes index(int type, int i) {
            return rec(type, le32(i));
        }

        Bytes store(int type, int q, long v) {
            byte[] f = new byte[9];
            f[0] = (byte) q;
            for (int k = 0; k < 8; k++) f[1 + k] = (byte) (v >>> 8 * k);
            return rec(type, f);
        }

        Bytes text(int type, String s) {
            return rec(type, s.getBytes(StandardCharsets.UTF_8));
        }

        void le(long v, int n) {
            for (int k = 0; k < n; k++) out.write((int) (v >>> 8 * k));
        }

        static byte[] le32(int v) {
            return new byte[]{(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    static Trace fed(byte[] b, int chunk) {
        Trace t = new Trace(TWO, 8);
        for (int i = 0; i < b.length; i += chunk) {
            byte[] part = java.util.Arrays.copyOfRange(b, i, Math.min(b.length, i + chunk));
            t.feed(part, part.length);
        }
        t.finish();
        return t;
    }

    static Bytes valid() {
        return new Bytes().index(Trace.BEGIN, 0).store(Trace.STORE64, 1, 0x42).text(Trace.BARRIER, "dma_wmb").text(Trace.SYNC, "entry+iotlb")
                .index(Trace.END, 0).index(Trace.BEGIN, 1).store(Trace.PLAIN64, 7, -1).index(Trace.END, 1).rec(Trace.EXIT, Bytes.le32(0));
    }

    @Test
    void aValidTraceDecodesTheSameInAnyChunking() {
        for (int chunk : new int[]{1, 3, 7, 1 << 16}) {
            Trace t = fed(valid().bytes(), chunk);
            assertTrue(t.complete());
            assertEquals(List.of(new Step.Store64(1, 0x42), new Step.Barrier(BarrierKind.DMA_WMB),
                    new Step.Sync(EnumSet.of(SyncKind.ENTRY, SyncKind.IOTLB))), t.recordings().get(0).steps());
            assertEquals(List.of(new Step.Store64(7, -1, true)), t.recordings().get(1).steps());
            assertEquals(0, t.exitStatus().orElseThrow());
        }
    }

    @Test
    void everyMalformedTraceIsRejected() {
        List<byte[]> bad = List.of(
                new Bytes().index(Trace.END, 0).bytes(),                                       // END outside a transition
                new Bytes().index(Trace.BEGIN, 1).bytes(),                                     // BEGIN out of order
                new Bytes().index(Trace.BEGIN, 0).index(Trace.BEGIN, 0).bytes(),               // BEGIN inside one
                new Bytes().index(Trace.BEGIN, 0).index(Trace.END, 1).bytes(),                 // END of another
                new Bytes().store(Trace.STORE64, 0, 1).bytes(),                                // an event outside
                new Bytes().index(Trace.BEGIN, 0).store(Trace.STORE64, 8, 1).bytes(),          // qword 8
                new Bytes().index(Trace.BEGIN, 0).rec(Trace.STORE64, new byte[3]).bytes(),    // wrong size
                new Bytes().rec(42, new byte[0]).bytes(),                                      // unknown type
                new Bytes().rec(Trace.EXIT, Bytes.le32(0)).index(Trace.BEGIN, 0).bytes(),      // after EXIT
                new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f},                       // a huge length
                new byte[]{0, 0, 0, 0},                                                        // an empty record
                new byte[]{5, 0, 0, 0, 1, 0});                                                 // cut short
        for (byte[] b : bad) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> fed(b, 5), java.util.HexFormat.of().formatHex(b));
            assertTrue(e instanceof Trace.Malformed || e instanceof Trace.WriterError, e.toString());
        }
        byte[] chunk4 = new Bytes().index(Trace.BEGIN, 0).bytes();
        Bytes c = new Bytes();
        c.out.writeBytes(chunk4);
        byte[] f = new byte[17];
        f[0] = 4;
        c.rec(Trace.STORE128, f);
        assertThrows(Trace.Malformed.class, () -> fed(c.bytes(), 64), "chunk 4 of a 4-chunk entry");
    }

    @Test
    void kindsThePlansCannotExpressAreTheWritersErrors() {
        for (Bytes b : List.of(new Bytes().index(Trace.BEGIN, 0).text(Trace.SYNC, "entry\nstore64 9 0x0"),
                new Bytes().index(Trace.BEGIN, 0).text(Trace.BARRIER, "dma wmb"), new Bytes().index(Trace.BEGIN, 0).text(Trace.SYNC, ""))) {
            Trace.WriterError e = assertThrows(Trace.WriterError.class, () -> fed(b.bytes(), 4));
            assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
        }
        Bytes many = new Bytes().index(Trace.BEGIN, 0);
        for (int i = 0; i <= Trace.MAX_EVENTS; i++) many.text(Trace.BARRIER, "mb");
        assertTrue(assertThrows(Trace.WriterError.class, () -> fed(many.bytes(), 1 << 16)).getMessage().contains("more than 10000"));
    }
}
