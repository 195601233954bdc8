package dev.hitless.planlang;

import dev.hitless.entry.Entry;
import dev.hitless.format.Formats;
import dev.hitless.plan.Ordering;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broken plan file is reported in one line, {@code FILE:LINE:COL: expected ..., found ...}, pointing at the
 * offending token; never a stack trace, never an exception other than {@link PlanFileException}.
 */
class PlanFileErrorsTest {
    private static final String HEADER = "ordering my-order\n";

    /** Each case: the body after a one-line header (so body lines start at line 2), and the exact message. */
    static Stream<Arguments> cases() {
        return Stream.of(
                // statements and keywords
                bad("unknown keyword", "stor q3 = target\n",
                        "t.plan:2:1: expected a statement (store, store-changed, store32, store32-changed, store128, store128-changed, barrier, sync, sync-if-changed, claim, error, when, for), found 'stor' (did you mean 'store'?)"),
                bad("header line among the statements", "claim unclaimed\nquantum 128\n",
                        "t.plan:3:1: expected a statement (the header lines ordering, description, quantum, update-safe-bits and formats come first, once each), found 'quantum'"),
                bad("junk after a statement", "claim unclaimed\nsync entry =\n",
                        "t.plan:3:12: expected a sync kind (entry, iotlb, devtlb), found '='"),
                // barriers
                bad("unknown barrier kind", "claim unclaimed\nbarrier now\n",
                        "t.plan:3:9: expected a barrier kind (dma_wmb, smp_wmb), 'before next store' or end of line, found 'now'"),
                bad("misspelt barrier kind", "claim unclaimed\nbarrier dma_rmb before next store\n",
                        "t.plan:3:9: expected a barrier kind (dma_wmb, smp_wmb), 'before next store' or end of line, found 'dma_rmb' (did you mean 'dma_wmb'?)"),
                bad("a number as a barrier kind", "claim unclaimed\nbarrier 1\n",
                        "t.plan:3:9: expected a barrier kind (dma_wmb, smp_wmb), 'before next store' or end of line, found 1"),
                bad("junk after a barrier kind", "claim unclaimed\nbarrier smp_wmb now\n",
                        "t.plan:3:17: expected end of line, found 'now'"),
                bad("barrier kind after before", "claim unclaimed\nbarrier before smp_wmb next store\n",
                        "t.plan:3:16: expected 'next' in 'barrier before next store', found 'smp_wmb'"),
                // plain stores
                bad("plain 128-bit store", "claim unclaimed\nstore128 plain c0 = target\n",
                        "t.plan:3:10: expected a 128-bit chunk c0..c3 or c[...] after store128 (a plain store is 64-bit: store plain q[...]), found 'plain'"),
                bad("plain 128-bit store-changed", "claim unclaimed\nstore128-changed plain c[0..3] = target\n",
                        "t.plan:3:18: expected a 128-bit chunk c0..c3 or c[...] after store128-changed (a plain store is 64-bit: store-changed plain q[...]), found 'plain'"),
                bad("plain after the destination", "claim unclaimed\nstore q0 plain = target\n",
                        "t.plan:3:10: expected '=' and the value to store, found 'plain'"),
                bad("update-safe-bits neither yes nor no", "update-safe-bits maybe\nclaim unclaimed\n",
                        "t.plan:2:18: expected update-safe-bits yes or no, found 'maybe'"),
                bad("update-safe-bits twice", "update-safe-bits no\nupdate-safe-bits no\nclaim unclaimed\n",
                        "t.plan:3:1: expected one update-safe-bits line (already declared at 2:1), found 'update-safe-bits'"),
                bad("stray end", "claim unclaimed\nend\n",
                        "t.plan:3:1: expected a statement or end of file, found 'end'"),
                // stores and indices
                bad("qword index out of range", "claim unclaimed\nstore q8 = target\n",
                        "t.plan:3:8: expected a qword index 0..7, found 8"),
                bad("chunk index out of range", "claim unclaimed\nstore128 c[1..4] = target\n",
                        "t.plan:3:15: expected a 128-bit chunk index 0..3, found 4"),
                bad("chunk given to a 64-bit store", "claim unclaimed\nstore c0 = target\n",
                        "t.plan:3:7: expected a qword q0..q7 or q[...] after store (for a 128-bit chunk use store128), found 'c0'"),
                bad("missing '='", "claim unclaimed\nstore q3 target\n",
                        "t.plan:3:10: expected '=' and the value to store, found 'target'"),
                bad("unknown value", "claim unclaimed\nstore q3 = targt\n",
                        "t.plan:3:12: expected an entry value (target, current, zero, unused-update, memory or entry(Q0 .. Q7)) or a qword number, found 'targt' (did you mean 'target'?)"),
                bad("bad index", "claim unclaimed\nstore q[i] = target\n",
                        "t.plan:3:9: expected an index: a number, crit, vq, last, found 'i'"),
                bad("unclosed bracket", "claim unclaimed\nstore q[0..7 = target\n",
                        "t.plan:3:14: expected ',', '..', 'except' or ']', found '='"),
                bad("crit outside when critical == 1", "claim unclaimed\nstore q[crit] = target\n",
                        "t.plan:3:9: expected crit only inside 'when critical == 1' (it names the one critical quantum), found 'crit'"),
                bad("crit as a qword under quantum 128", "when critical == 1\n claim hitless\n store q[crit] = target\nelse\n claim breaking\nend\n",
                        "q128.plan:6:10: expected a qword index, found crit, a 128-bit quantum index under 'quantum 128' (use store128 c[crit] or change the quantum)"),
                bad("vq as a chunk under quantum 64", "claim unclaimed\nstore128 c[vq] = target\n",
                        "t.plan:3:12: expected a 128-bit chunk index, found vq, a 64-bit quantum index under 'quantum 64' (use store q[vq] or change the quantum)"),
                bad("loop variable out of range for chunks", "claim unclaimed\nfor i in 0..7\n  store128 c[i] = target\nend\n",
                        "t.plan:3:13: expected a 128-bit chunk index 0..3 (i is used as c[i] at 4:14), found 7"),
                // literals
                bad("entry of seven qwords", "claim unclaimed\nstore q0 = entry(1 2 3 4 5 6 7)\n",
                        "t.plan:3:31: expected qword 7 of entry(Q0 .. Q7): 8 numbers, lowest address first, found ')'"),
                bad("entry of nine qwords", "claim unclaimed\nwhen current == entry(0 0 0 0 0 0 0 0 0)\nend\n",
                        "t.plan:3:39: expected ')' after the 8 qwords of entry(Q0 .. Q7), found 0"),
                bad("bad hex word in an entry", "claim unclaimed\nstore128 c0 = entry(0x49 0x80g6 0 0 0 0 0 0)\n",
                        "t.plan:3:26: expected a decimal or 0x hex number, found '0x80g6'"),
                bad("entry without parentheses", "claim unclaimed\nstore q0 = entry 0x49\n",
                        "t.plan:3:18: expected '(' after entry, as in entry(Q0 .. Q7), found 0x49"),
                bad("a word among the qwords", "claim unclaimed\nstore q0 = entry(0 0 zero 0 0 0 0 0)\n",
                        "t.plan:3:22: expected qword 2 of entry(Q0 .. Q3): 4 numbers, lowest address first, found 'zero'"),
                bad("chunk of one qword", "claim unclaimed\nstore128 c1 = chunk(0x49)\n",
                        "t.plan:3:25: expected qword 1 of chunk(LOW HIGH): 2 numbers, lowest address first, found ')'"),
                bad("chunk given to a 64-bit store", "claim unclaimed\nstore q1 = chunk(1 2)\n",
                        "t.plan:3:12: expected a qword number for a 64-bit store (chunk(LOW HIGH) is for store128), found 'chunk'"),
                bad("number given to a 128-bit store", "claim unclaimed\nstore128 c1 = 0x49\n",
                        "t.plan:3:15: expected chunk(LOW HIGH), two qwords, for a 128-bit store (a single number is a qword, for store), found 0x49"),
                bad("number compared with an entry", "when current == 0x49\n  claim hitless\nelse\n  claim breaking\nend\n",
                        "t.plan:2:17: expected an entry: target, current, zero, unused-update, memory or entry(Q0 .. Q7), found 0x49"),
                bad("field edit of a qword literal", "claim unclaimed\nstore q0 = 0x49 with P=1\n",
                        "t.plan:3:17: expected end of line, found 'with'"),
                // error
                bad("error without its text", "error oops\n",
                        "t.plan:2:7: expected what planning expected, in double quotes, e.g. error \"a recorded transition\", found 'oops'"),
                bad("statement after error", "claim unclaimed\nerror \"x\"\n\n  barrier\n",
                        "t.plan:5:3: expected the end of the block after the error at 3:1 (nothing after it runs), found 'barrier'"),
                bad("error on some paths only", "when current == target\n  error \"x\"\nelse when critical > 1\n  claim breaking\nend\n",
                        "t.plan:2:1: expected a claim (hitless, breaking, no-change or unclaimed) on every path, found no else branch, so no claim when no condition holds"),
                // fields
                bad("unknown field", "claim unclaimed\nstore q0 = target with PX=0\n",
                        "t.plan:3:24: expected valid or a field of vtd-pasid, smmu-ste, smmu-cd, amd-dte, riscv-dc, riscv-dc-ext, vtd-context, vtd-context-legacy, found 'PX' (did you mean 'P'?)"),
                bad("missing '=' in a field edit", "claim unclaimed\nstore q0 = target with P 0\n",
                        "t.plan:3:26: expected '=' after field P, found 0"),
                bad("valid bit value out of range", "claim unclaimed\nstore q0 = current with valid=2\n",
                        "t.plan:3:31: expected a value 0..0x1 for valid (1 bits), found 2"),
                bad("field value out of range", "claim unclaimed\nstore q1 = target with DID=0x10000\n",
                        "t.plan:3:28: expected a value 0..0xffff for DID (16 bits), found 0x10000"),
                bad("number too large", "claim unclaimed\nstore q1 = target with DID=0x10000000000000000\n",
                        "t.plan:3:28: expected a number of at most 64 bits, found 0x10000000000000000"),
                // syncs and claims
                bad("unknown sync kind", "claim unclaimed\nsync entry tlb\n",
                        "t.plan:3:12: expected a sync kind (entry, iotlb, devtlb), found 'tlb'"),
                bad("sync without a kind", "claim unclaimed\nsync\n",
                        "t.plan:3:5: expected a sync kind (entry, iotlb, devtlb), found end of line"),
                bad("unknown claim", "claim safe\n",
                        "t.plan:2:7: expected hitless, breaking, no-change or unclaimed, found 'safe'"),
                bad("no claim at all", "store q0 = target\n",
                        "t.plan:2:1: expected a claim (hitless, breaking, no-change or unclaimed) on every path, found no claim in the whole file"),
                bad("when without else", "when current == target\n  claim no-change\nend\n",
                        "t.plan:2:1: expected a claim (hitless, breaking, no-change or unclaimed) on every path, found no else branch, so no claim when no condition holds"),
                bad("branch without claim", "when current == target\n  claim no-change\nelse\n  store q0 = target\nend\n",
                        "t.plan:4:1: expected a claim (hitless, breaking, no-change or unclaimed) on every path, found no claim on this branch"),
                bad("two claims on one path", "when current == target\n  claim no-change\nend\nclaim hitless\n",
                        "t.plan:5:1: expected one claim per path, found a second claim (the first is at 3:3)"),
                bad("claim in a loop", "for i in 0..7\n  claim hitless\nend\n",
                        "t.plan:3:3: expected a claim outside for loops (a plan claims once), found 'claim'"),
                // blocks and conditions
                bad("unterminated when", "when critical == 1\n  claim hitless\n",
                        "t.plan:4:1: expected 'else', 'else when' or 'end' to close the when at 2:1, found end of file"),
                bad("unterminated else", "when critical == 1\n  claim hitless\nelse\n  claim breaking\n",
                        "t.plan:6:1: expected 'end' to close the when at 2:1, found end of file"),
                bad("unterminated for", "claim unclaimed\nfor i in 0..7\n  store q[i] = target\n",
                        "t.plan:5:1: expected 'end' to close the for at 3:1, found end of file"),
                bad("critical count out of range", "when critical > 9\n  claim breaking\nelse\n  claim hitless\nend\n",
                        "t.plan:2:17: expected a number of quanta 0..8 (an entry has at most 8 quanta of 64 bits), found 9"),
                bad("bad condition", "when crit == 1\n  claim breaking\nelse\n  claim hitless\nend\n",
                        "t.plan:2:6: expected a condition: critical OP N, present(VALUE), VALUE == VALUE, VALUE != VALUE, VALUE.FIELD OP N, format == NAME, not, (, found 'crit'"),
                bad("unknown format in a condition", "when format == riscv-dx\n  claim hitless\nelse\n  claim breaking\nend\n",
                        "t.plan:2:16: expected a format name after format == (vtd-pasid, smmu-ste, smmu-cd, amd-dte, riscv-dc, riscv-dc-ext, vtd-context, vtd-context-legacy), found 'riscv-dx' (did you mean 'riscv-dc'?)"),
                bad("format condition outside the formats line", "formats riscv-dc riscv-dc-ext\nwhen format != amd-dte\n  claim hitless\nelse\n  claim breaking\nend\n",
                        "t.plan:3:16: expected a format name after format != (of the formats line: riscv-dc, riscv-dc-ext), found 'amd-dte'"),
                bad("format condition ordered", "when format < riscv-dc\n  claim hitless\nelse\n  claim breaking\nend\n",
                        "t.plan:2:13: expected '==' or '!=' after format, e.g. format == riscv-dc-ext, found '<'"),
                // 32-bit stores
                bad("word index past the widest entry", "claim unclaimed\nstore32 w16 = target\n", "t.plan:3:10: expected a 32-bit word index 0..15, found 16"),
                bad("plain 32-bit store", "claim unclaimed\nstore32 plain w0 = target\n", "t.plan:3:9: expected a 32-bit word w0..w15 or w[...] after store32 (a plain store is 64-bit: store plain q[...]), found 'plain'"),
                bad("qword letter for store32", "claim unclaimed\nstore32 q0 = target\n", "t.plan:3:9: expected a 32-bit word w0..w15 or w[...] after store32, found 'q0'"),
                bad("word number too wide", "claim unclaimed\nstore32 w0 = 0x1_0000_0000\n", "t.plan:3:14: expected a 32-bit word number 0..0xffffffff for store32 (a wider number is a qword, for store), found 0x1_0000_0000"),
                bad("chunk literal for store32", "claim unclaimed\nstore32 w0 = chunk(1 2)\n", "t.plan:3:14: expected a 32-bit word number for a 32-bit store (chunk(LOW HIGH) is for store128), found 'chunk'"),
                bad("last under another quantum", "claim unclaimed\nstore32 w[0..last] = target\n", "t.plan:3:14: expected a 32-bit word index, found last, a 64-bit quantum index under 'quantum 64' (use store q[last] or change the quantum)"),
                bad("loop index past the words", "claim unclaimed\nfor i in 0..16\n  store32 w[i] = target\nend\n", "t.plan:3:13: expected an index 0..15 in a for loop's set (loops run over word, qword or chunk indices), found 16"),
                // field conditions and field edits
                bad("unknown field in a condition", "when current.Vaild == 0\n  claim hitless\nelse\n  claim breaking\nend\n", "t.plan:2:14: expected valid or a field of vtd-pasid, smmu-ste, smmu-cd, amd-dte, riscv-dc, riscv-dc-ext, vtd-context, vtd-context-legacy, found 'Vaild' (did you mean 'valid'?)"),
                bad("no field after the dot", "when current. == 0\n  claim hitless\nelse\n  claim breaking\nend\n", "t.plan:2:15: expected a field name (or valid) after 'current.', found '=='"),
                bad("no operator after a field", "when current.P 0\n  claim hitless\nelse\n  claim breaking\nend\n", "t.plan:2:16: expected one of == != < <= > >= after current.P, found 0"),
                bad("a word as the right operand", "when current.P == yes\n  claim hitless\nelse\n  claim breaking\nend\n", "t.plan:2:19: expected a number or a field of an entry (VALUE.FIELD, e.g. target.P) after current.P ==, found 'yes'"),
                bad("an entry as the right operand", "when current.DID == target\n  claim hitless\nelse\n  claim breaking\nend\n", "t.plan:2:27: expected '.' and a field name after target, as in target.valid, found end of line"),
                bad("number too wide for the field", "when current.P == 2\n  claim hitless\nelse\n  claim breaking\nend\n", "t.plan:2:19: expected a value 0..0x1 for P (1 bits), found 2"),
                bad("unknown field in an edit source", "claim unclaimed\nstore q0 = target with DID=current.DDI\n", "t.plan:3:36: expected valid or a field of vtd-pasid, smmu-ste, smmu-cd, amd-dte, riscv-dc, riscv-dc-ext, vtd-context, vtd-context-legacy, found 'DDI' (did you mean 'DID'?)"),
                bad("edit source without a field", "claim unclaimed\nstore q0 = target with DID=current\n", "t.plan:3:35: expected '.' and a field name after current, as in current.valid, found end of line"),
                bad("edit source that is no value", "claim unclaimed\nstore q0 = target with DID=curent.DID\n", "t.plan:3:28: expected a number or a field of an entry (VALUE.FIELD, e.g. current.DID) for field DID, found 'curent' (did you mean 'current'?)"),
                // the formats line
                bad("unknown format", "formats amd-dt\nclaim unclaimed\n", "t.plan:2:9: expected a format name (vtd-pasid, smmu-ste, smmu-cd, amd-dte, riscv-dc, riscv-dc-ext, vtd-context, vtd-context-legacy), found 'amd-dt' (did you mean 'amd-dte'?)"),
                bad("a format twice", "formats amd-dte amd-dte\nclaim unclaimed\n", "t.plan:2:17: expected each format once, found 'amd-dte'"),
                bad("two formats lines", "formats amd-dte\nformats smmu-ste\nclaim unclaimed\n", "t.plan:3:1: expected one formats line (already declared at 2:1), found 'formats'"),
                bad("empty formats line", "formats\nclaim unclaimed\n", "t.plan:2:8: expected a format name (vtd-pasid, smmu-ste, smmu-cd, amd-dte, riscv-dc, riscv-dc-ext, vtd-context, vtd-context-legacy), found end of line"),
                bad("field of another format than the formats line", "formats amd-dte\nclaim unclaimed\nstore q0 = target with DID=1\n", "t.plan:4:24: expected valid or a field of amd-dte, found 'DID' (did you mean 'HAD'?)"),
                // lexical
                bad("unterminated string", "claim unclaimed\n",
                        "str.plan:2:26: expected '\"' to close the string that starts at 2:13, found end of line"),
                bad("stray character", "claim unclaimed\nbarrier @\n",
                        "t.plan:3:9: expected a word, a number, a string or one of = == != < <= > >= [ ] ( ) , . .., found '@'"));
    }

    private static Arguments bad(String what, String body, String message) {
        return Arguments.of(what, body, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsWhereAndWhat(String what, String body, String message) {
        String file = message.substring(0, message.indexOf(':'));
        String text = switch (file) {
            case "q128.plan" -> HEADER + "description \"x\"\nquantum 128\n" + body;
            case "str.plan" -> HEADER + "description \"never closed\n" + body;
            default -> HEADER + body;
        };
        PlanFileException e = assertThrows(PlanFileException.class, () -> PlanFile.parse(file, text));
        assertEquals(message, e.getMessage());
        assertOneLine(e);
    }

    @Test
    void headerErrors() {
        assertMessage("h.plan:1:1: expected 'ordering NAME' as the first line, found 'claim'", "claim hitless\n");
        assertMessage("h.plan:2:1: expected 'ordering NAME' as the first line, found end of file", "# only a comment\n");
        assertMessage("h.plan:1:10: expected an ordering name in lower case with dashes, e.g. my-replace, found 'My_Order'",
                "ordering My_Order\n");
        assertMessage("h.plan:2:9: expected quantum 32, 64 or 128 (bits), found 16", "ordering x\nquantum 16\n");
        assertMessage("h.plan:3:1: expected one quantum line (already declared at 2:1), found 'quantum'",
                "ordering x\nquantum 64\nquantum 128\n");
        assertMessage("h.plan:2:13: expected a description in double quotes, found 'hello'", "ordering x\ndescription hello\n");
    }

    /** A field that the file names but the planned format lacks is reported when the plan is made, with its place. */
    @Test
    void fieldMissingFromTheFormatIsReportedAtPlanTime() {
        Ordering o = PlanFile.parse("ste-only.plan", HEADER + "claim breaking\nstore q0 = target with Config=0\n");
        PlanFileException e = assertThrows(PlanFileException.class,
                () -> o.plan(Formats.vtd(), Entry.zero(8), Entry.zero(8)));
        assertTrue(e.getMessage().startsWith("ste-only.plan:3:24: expected valid or a field of vtd-pasid (P, FPD,"), e.getMessage());
        assertTrue(e.getMessage().endsWith("), found 'Config'"), e.getMessage());
        assertOneLine(e);
    }

    @Test
    void fieldValueTooWideForThePlannedFormat() {
        Ordering o = PlanFile.parse("w.plan", HEADER + "claim breaking\nstore q0 = target with P=1\n", java.util.List.of());
        Ordering wide = PlanFile.parse("w.plan", HEADER + "claim breaking\nstore q1 = target with DID=0x1ffff\n",
                java.util.List.of());
        PlanFileException e = assertThrows(PlanFileException.class,
                () -> wide.plan(new TestVtdFormat(), Entry.zero(8), Entry.zero(8)));
        assertEquals("w.plan:3:28: expected a value 0..0xffff for test-vtd DID (16 bits), found 0x1ffff", e.getMessage());
        o.plan(new TestVtdFormat(), Entry.zero(8), Entry.zero(8));
    }

    @Test
    void missingFileIsOneLineToo(@TempDir Path dir) {
        Path missing = dir.resolve("nope.plan");
        PlanFileException e = assertThrows(PlanFileException.class, () -> PlanFile.load(missing));
        assertEquals(missing + ":1:1: expected a plan file, found no such file", e.getMessage());
    }

    @Test
    void nonUtf8FileIsOneLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bin.plan");
        Files.write(f, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        PlanFileException e = assertThrows(PlanFileException.class, () -> PlanFile.load(f));
        assertEquals(f + ":1:1: expected a UTF-8 text file, found bytes that are not UTF-8", e.getMessage());
    }

    private static void assertMessage(String message, String text) {
        String file = message.substring(0, message.indexOf(':'));
        PlanFileException e = assertThrows(PlanFileException.class, () -> PlanFile.parse(file, text));
        assertEquals(message, e.getMessage());
        assertOneLine(e);
    }

    private static void assertOneLine(PlanFileException e) {
        assertTrue(e.getMessage().matches("[^\\n]+:\\d+:\\d+: expected [^\\n]+, found [^\\n]+"), e.getMessage());
        assertEquals(e.getMessage(), e.file() + ":" + e.line() + ":" + e.column() + e.getMessage().substring(
                (e.file() + ":" + e.line() + ":" + e.column()).length()));
    }
}
