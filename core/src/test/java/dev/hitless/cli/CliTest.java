package dev.hitless.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exit codes and error lines, through picocli's execute with captured streams. */
class CliTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static void badInput(Run r, String fragment) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("hitless: error: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    static final String[] VTD_CHECK = {"check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b"};

    static String[] with(String[] base, String... more) {
        String[] a = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, a, base.length, more.length);
        return a;
    }

    @Test
    void checkExitCodes() {
        Run torn = run(with(VTD_CHECK, "--ordering", "struct-copy"));
        assertEquals(1, torn.code());
        assertTrue(torn.out().contains("verdict  TORN"), torn.out());
        assertTrue(torn.out().contains("fetch complete: TORN"), torn.out());
        assertEquals(0, run(with(VTD_CHECK, "--ordering", "struct-copy", "--reader", "sticky")).code());
        assertEquals(0, run(with(VTD_CHECK, "--ordering", "used-bits-128")).code());
        assertEquals(1, run(with(VTD_CHECK, "--ordering", "used-bits-128", "--require", "hitless")).code());
        Run chunk64 = run(with(VTD_CHECK, "--ordering", "used-bits-128", "--chunk", "64", "--order", "descending", "--outcomes"));
        assertTrue(chunk64.out().contains("64b/descending/none/in-order"), chunk64.out());
        assertTrue(chunk64.out().contains("outcomes "), chunk64.out());
    }

    @Test
    void badInputIsOneLineAndExitCode2() {
        badInput(run("check", "--format", "mips-iommu", "--from", "x", "--to", "y", "--ordering", "struct-copy"), "unknown entry format 'mips-iommu'");
        badInput(run(with(VTD_CHECK, "--ordering", "fastest")), "unknown ordering 'fastest'");
        badInput(run("check", "--format", "vtd-pasid", "--from", "fl:did=70000", "--to", "fl-did6-b", "--ordering", "struct-copy"), "--from: fl did=70000: out of range");
        badInput(run("check", "--format", "vtd-pasid", "--from", "fl:fsptptr=0x123", "--to", "fl-did6-b", "--ordering", "struct-copy"), "misaligned");
        badInput(run(with(VTD_CHECK, "--ordering", "struct-copy", "--frobnicate")), "Unknown option: '--frobnicate'");
        badInput(run(with(VTD_CHECK, "--ordering", "struct-copy", "--chunk", "96")), "chunk size must be 64, 128, 256 or 512");
        badInput(run(with(VTD_CHECK, "--ordering", "struct-copy", "--cache", "lru")), "--cache");
        badInput(run(with(VTD_CHECK, "--ordering", "struct-copy", "--reader", "lazy")), "unknown reader preset 'lazy'");
        badInput(run(with(VTD_CHECK, "--ordering", "struct-copy", "--require", "perfect")), "--require");
        badInput(run("check", "--format", "vtd-pasid"), "Missing required options");
        badInput(run("matrix", "--format", "vtd"), "unknown entry format 'vtd'");
        badInput(run("mutants", "--format", "smmu-cd", "--reader", "lazy"), "unknown reader preset 'lazy'");
        badInput(run(with(VTD_CHECK, "--ordering", "struct-copy", "--visibility", "arm")),
                "--visibility: unknown visibility 'arm'; expected one of in-order, barrier-ordered");
        badInput(run("matrix", "--visibility", "weak"), "--visibility: unknown visibility 'weak'");
        badInput(run("describe", "--format", "smmu-ste", "--config", "ste-s1:s1dss=sometimes"), "s1dss");
    }

    @Test
    void aPlanFileIsAnOrderingOnTheCommandLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("copy.plan");
        Files.writeString(f, dev.hitless.planlang.PlanFile.exampleText("used-bits-128"));
        Run r = run(with(VTD_CHECK, "--ordering", f.toString()));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("BREAKING"), r.out());
    }

    @Test
    void anExampleEditedIntoAFixIsCheckedFromItsFile(@TempDir Path dir) throws Exception {
        Run ex = run("example", "clear-then-update");
        assertEquals(0, ex.code(), ex.err());
        String fixed = ex.out().replace("ordering clear-then-update", "ordering clear-sync-then-set")
                .replace("    store q[vq] = target ", "    sync entry\n    store q[vq] = target ");
        Path f = dir.resolve("fixed.plan");
        Files.writeString(f, fixed);
        Path faithful = dir.resolve("faithful.plan");
        Files.writeString(faithful, ex.out());
        // The kernel's teardown sets P after only a barrier: torn under an any-order reader; a sync first fixes it.
        assertEquals(1, run(with(VTD_CHECK, "--ordering", faithful.toString())).code());
        Run r = run(with(VTD_CHECK, "--ordering", f.toString()));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("verdict  BREAKING"), r.out());
        badInput(run("example", "nope"), "unknown example 'nope'");
    }

    /**
     * riscv-iodir names both an ordering and an attach sequence: {@code example NAME} prints the ordering's plan file
     * (and says on stderr how to get the other), {@code example --attach NAME} the attach file; a name that is only
     * an attach sequence needs no flag, and {@code --attach} with an ordering's name is bad input.
     */
    @Test
    void anOrderingAndAnAttachSequenceOfOneNameAreBothReachable() {
        Run ordering = run("example", "riscv-iodir");
        assertEquals(0, ordering.code(), ordering.err());
        assertEquals(dev.hitless.planlang.PlanFile.exampleText("riscv-iodir"), ordering.out());
        assertTrue(ordering.out().contains("ordering riscv-iodir"), ordering.out());
        assertTrue(ordering.err().contains("hitless example --attach riscv-iodir"), ordering.err());
        Run attach = run("example", "--attach", "riscv-iodir");
        assertEquals(0, attach.code(), attach.err());
        assertEquals(dev.hitless.planlang.AttachFile.text("riscv-iodir"), attach.out());
        assertEquals("", attach.err());
        Run onlyAttach = run("example", "vtd-corrected");
        assertEquals(0, onlyAttach.code(), onlyAttach.err());
        assertEquals(onlyAttach.out(), run("example", "--attach", "vtd-corrected").out());
        assertEquals("", onlyAttach.err());
        Run qos = run("example", "riscv-qos-in-place");
        assertEquals(0, qos.code(), qos.err());
        assertEquals("", qos.err());
        badInput(run("example", "--attach", "used-bits-64"), "unknown attach sequence 'used-bits-64'");
    }

    @Test
    void aMalformedPlanFileNamesFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("my.plan");
        Files.writeString(f, "ordering mine\nstore64 q0 0x1\n");
        badInput(run(with(VTD_CHECK, "--ordering", f.toString())), f + ":2:1: expected");
    }

    @Test
    void matrixExitCodesAndReports(@TempDir Path dir) throws Exception {
        Run ok = run("matrix", "--format", "vtd-pasid", "--ordering", "used-bits-128", "--ordering", "used-bits-64",
                "--junit-xml", dir.resolve("m.xml").toString(), "--json", dir.resolve("m.json").toString());
        assertEquals(0, ok.code(), ok.out());
        assertTrue(ok.out().contains("result: OK"), ok.out());
        String xml = Files.readString(dir.resolve("m.xml"));
        // 2 orderings x 110 transitions x 3 readers x 2 visibilities
        assertTrue(xml.contains("tests=\"1320\" failures=\"0\""), xml.substring(0, 200));
        assertTrue(Files.readString(dir.resolve("m.json")).contains("\"verdict\" : \"BREAKING\""));
        // known-bad orderings fail as expected and do not fail the run...
        Run xfail = run("matrix", "--format", "vtd-pasid", "--ordering", "struct-copy");
        assertEquals(0, xfail.code(), xfail.out());
        assertTrue(xfail.out().contains("expected to fail"), xfail.out());
        // ...unless asked
        Run strict = run("matrix", "--format", "vtd-pasid", "--ordering", "struct-copy", "--no-xfail", "--junit-xml", dir.resolve("x.xml").toString());
        assertEquals(1, strict.code());
        assertTrue(Files.readString(dir.resolve("x.xml")).contains("<failure message=\"TORN"));
        Run json = run("matrix", "--format", "smmu-cd", "--reader", "strict", "--json");
        assertTrue(json.out().startsWith("{"), json.out());
    }

    @Test
    void theMatrixRunsEveryFormatUnderBothVisibilitiesAndSaysWhichEachRowRestsOn(@TempDir Path dir) throws Exception {
        Run both = run("matrix", "--format", "smmu-cd", "--ordering", "used-bits-64", "--junit-xml", dir.resolve("m.xml").toString(),
                "--json", dir.resolve("m.json").toString());
        assertEquals(0, both.code(), both.out());
        // the header names each visibility's assumption, the format's own marked; every row group names its visibility
        assertTrue(both.out().contains("visibility in-order: stores reach the device in program order (x86 TSO, WRITE_ONCE)"), both.out());
        assertTrue(both.out().contains("visibility barrier-ordered (format default): stores between two ordering points"), both.out());
        assertTrue(both.out().contains("readers, barrier-ordered: strict 64b/any/none/barrier-ordered"), both.out());
        assertTrue(both.out().matches("(?s).*\n  used-bits-64 +in-order +strict .*\n +barrier-ordered \\(format default\\) +strict .*"), both.out());
        assertTrue(both.out().contains("HITLESS  BREAKING  LEAK  STALE  UNINIT  TORN"), "a column per verdict: " + both.out());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("m.json").toFile());
        assertEquals("[\"in-order\",\"barrier-ordered\"]", json.get("visibility").toString());
        // 20 transitions x 3 readers under each visibility
        assertEquals(60, json.get("byVisibility").get("in-order").get("cells").asInt());
        assertEquals(60, json.get("byVisibility").get("barrier-ordered").get("cells").asInt());
        long inOrder = 0, barrier = 0;
        for (var c : json.get("results")) {
            String v = c.get("visibility").asText();
            assertTrue(c.get("model").asText().endsWith("/" + v), c.toString());
            assertEquals(v.equals("barrier-ordered"), c.get("formatDefaultVisibility").asBoolean(), c.toString());
            if (v.equals("in-order")) inOrder++;
            else barrier++;
        }
        assertEquals(60, inOrder);
        assertEquals(60, barrier);
        String xml = Files.readString(dir.resolve("m.xml"));
        assertTrue(xml.contains("classname=\"hitless.smmu-cd.used-bits-64.barrier-ordered\" name=\"used-bits-64 vtd-corrected barrier-ordered strict "), xml.substring(0, 400));
        assertTrue(xml.contains("classname=\"hitless.smmu-cd.used-bits-64.in-order\" name=\"used-bits-64 vtd-corrected in-order sticky "), xml.substring(0, 400));

        // --visibility restricts the matrix to one
        Run one = run("matrix", "--format", "smmu-cd", "--ordering", "used-bits-64", "--visibility", "in-order", "--json");
        var only = new com.fasterxml.jackson.databind.ObjectMapper().readTree(one.out());
        assertEquals(60, only.get("cells").asInt(), "in-order only");
        assertEquals("[\"in-order\"]", only.get("visibility").toString());
        Run text = run("matrix", "--format", "smmu-cd", "--ordering", "used-bits-64", "--visibility", "in-order");
        assertTrue(text.out().contains("readers: strict 64b/any/none/in-order"), text.out());
        assertFalse(text.out().contains("barrier-ordered  "), text.out());
    }

    @Test
    void checkTakesTheFormatsVisibilityUnlessToldAndSaysWhich() {
        Run ste = run("check", "--format", "smmu-ste", "--from", "s1-ssid0", "--to", "s2-vmid1", "--ordering", "used-bits-64");
        assertTrue(ste.out().contains("reader   64b/any/none/barrier-ordered: "), ste.out());
        assertTrue(ste.out().contains("visible  barrier-ordered (format default): stores between two ordering points"), ste.out());
        Run told = run("check", "--format", "smmu-ste", "--from", "s1-ssid0", "--to", "s2-vmid1", "--ordering", "used-bits-64",
                "--visibility", "in-order");
        assertTrue(told.out().contains("reader   64b/any/none/in-order: "), told.out());
        assertTrue(told.out().contains("visible  in-order: stores reach the device in program order"), told.out());
        Run vtd = run(with(VTD_CHECK, "--ordering", "used-bits-128", "--chunk", "64"));
        assertTrue(vtd.out().contains("reader   64b/any/none/in-order: "), vtd.out());
        Run mutants = run("mutants", "--format", "smmu-cd", "--visibility", "in-order");
        assertTrue(mutants.out().contains("kill rate per operator and visibility"), mutants.out());
        assertFalse(mutants.out().contains("barrier-ordered"), mutants.out());
    }

    @Test
    void informationalCommands() {
        assertEquals(0, run("formats").code());
        Run cat = run("catalogue", "--format", "smmu-ste");
        assertEquals(0, cat.code());
        assertTrue(cat.out().contains("s1-bypass"), cat.out());
        // a named parameter's default is printed by its name, not as a number or a boolean
        assertTrue(cat.out().contains("shcfg      default incoming"), cat.out());
        assertTrue(cat.out().contains("s1dss      default ssid0"), cat.out());
        assertTrue(run("catalogue", "--format", "vtd-pasid").out().contains("fspm       default false"));
        Run d = run("describe", "--format", "vtd-pasid", "--config", "fl:did=5,fsptptr=0x100000");
        assertEquals(0, d.code());
        assertTrue(d.out().contains("entry    0x0000000000000049 0x0000000000800005 0x0000000000100000"), d.out());
        assertTrue(d.out().contains("FSPTPTR"), d.out());
        Run o = run("orderings");
        assertTrue(o.out().contains("used-bits-128-draft"), o.out());
        Run p = run("plan", "--format", "smmu-ste", "--from", "s1-ssid0", "--to", "s2-vmid1", "--ordering", "used-bits-64");
        assertEquals(0, p.code());
        assertTrue(p.out().contains("breaking, 3 entry syncs"), p.out());
        for (String cmd : new String[]{"check", "matrix", "mutants", "describe", "plan", "catalogue", "orderings", "formats"}) {
            Run h = run(cmd, "--help");
            assertEquals(0, h.code(), cmd);
            assertTrue(h.out().contains("Example"), cmd + ": " + h.out());
        }
    }

    @Test
    void configSpecMistakesAreOneLineWithExitCode2() {
        badInput(run("describe", "--format", "smmu-ste", "--config", "ste-s1:cdtab=0x40000,cdtab=0x50000"),
                "--config: ste-s1 cdtab given twice (cdtab=0x40000, cdtab=0x50000); give each parameter once");
        String eight = "0x49 0x800005 0x100000 0 0 0 0 0";
        badInput(run("check", "--format", "vtd-pasid", "--from", "0x1 0x2", "--to", "fl-did6-b", "--ordering", "struct-copy"),
                "--from: raw entry '0x1 0x2': expected 8 hex qwords (qword 0 first), found 2");
        badInput(run("plan", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", eight.substring(0, eight.length() - 2),
                "--ordering", "used-bits-128"), "found 7");
        badInput(run("describe", "--format", "smmu-cd", "--config", eight + " 0"), "found 9");
        assertEquals(0, run("describe", "--format", "vtd-pasid", "--config", eight).code());
    }
}
