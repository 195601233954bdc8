package dev.hitless.ktree;

import dev.hitless.cli.Main;
import dev.hitless.cwriter.CCompiler;
import dev.hitless.cwriter.CWriterException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code c-check --kernel-tree} end to end on the fake tree of {@code src/test/resources/ktree/linux} (written for
 * these tests in the kernel's layout and style): each driver's writer taken from it records the built-in's plans
 * step for step; {@code --against-tree} catches a patch that drops the leading {@code dma_wmb()} and one that breaks
 * a used-bits function; bad trees, drivers and functions are one line, exit 2, nothing left behind. Skipped, saying
 * so, where the machine has no C compiler or no Universal Ctags.
 */
class KernelTreeTest {
    record Run(int code, String out, String err) {
    }

    @TempDir
    static Path tempRoot;

    @TempDir
    Path dir;

    static Path fixture;

    @BeforeAll
    static void tools() throws URISyntaxException {
        try {
            CCompiler.find();
        } catch (CWriterException e) {
            assumeTrue(false, "no C compiler on this machine, the kernel-tree tests are skipped: " + e.getMessage());
        }
        try {
            Ctags.find(System.getenv());
        } catch (KernelTreeException e) {
            assumeTrue(false, "no ctags on this machine, the kernel-tree tests are skipped: " + Ctags.HOW_TO_GET);
        }
        System.setProperty("hitless.c.tmpdir", tempRoot.toString());
        fixture = Path.of(KernelTreeTest.class.getResource("/ktree/linux").toURI());
    }

    @AfterAll
    static void systemTempAgain() {
        System.clearProperty("hitless.c.tmpdir");
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        Set<Path> before = leftovers();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), env).execute(args);
        Set<Path> after = leftovers();
        after.removeAll(before);
        assertEquals(Set.of(), after, "c-check leaves no temporary folder");
        return new Run(code, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(System.getenv(), args);
    }

    static Set<Path> leftovers() {
        try (Stream<Path> s = Files.list(tempRoot)) {
            return s.filter(p -> p.getFileName().toString().startsWith("hitless-c-")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertBadInput(Run r, String fragment) {
        assertEquals(2, r.code(), r.err() + r.out());
        assertTrue(r.err().startsWith("hitless: error: "), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(fragment), "names '" + fragment + "': " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    /** A copy of the fake tree with {@code from} replaced by {@code to} (exactly once) in {@code file}: a patch. */
    Path patched(String name, String file, String from, String to) throws IOException {
        return copyOf(fixture, dir.resolve(name), List.<String[]>of(new String[]{file, from, to}));
    }

    /** A copy of {@code tree} at {@code copy} with each patch {file, from, to} applied: {@code from} replaced once. */
    static Path copyOf(Path tree, Path copy, List<String[]> patches) throws IOException {
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.toList()) {
                Path q = copy.resolve(tree.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q);
            }
        }
        for (String[] patch : patches) {
            Path f = copy.resolve(patch[0]);
            String text = Files.readString(f);
            assertEquals(1, text.split(java.util.regex.Pattern.quote(patch[1]), -1).length - 1, "the patch applies once: " + patch[1]);
            Files.writeString(f, text.replace(patch[1], patch[2]));
        }
        return copy;
    }

    static final String SMMU = "drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.c";

    @Test
    void eachDriversWriterIsTheBuiltIn() {
        for (String[] d : List.of(new String[]{"arm-smmu-v3-ste", "used-bits-64", "110"}, new String[]{"arm-smmu-v3-cd", "used-bits-64", "20"},
                new String[]{"intel-pasid", "entry-sync-128", "110"})) {
            Run r = run("c-check", "--kernel-tree", fixture.toString(), "--driver", d[0], "--against", d[1]);
            assertEquals(0, r.code(), r.err() + r.out());
            assertEquals("", r.err());
            assertTrue(r.out().startsWith(d[0] + " from " + fixture + ": the driver's writer recorded on " + d[2] + " transitions\n"), r.out());
            assertTrue(r.out().contains("against " + d[1] + ": OK, " + d[2] + " of " + d[2] + " recorded plans are step for step"), r.out());
            assertFalse(r.out().contains("compiler warnings"), r.out());
        }
        // the AMD-Vi writer is the built-in, and so has the built-in's findings: exit 1 (c/examples/README.md)
        Run amd = run("c-check", "--kernel-tree", fixture.toString(), "--driver", "amd-dte", "--against", "amd-update-dte256");
        assertEquals(1, amd.code(), amd.err() + amd.out());
        assertTrue(amd.out().contains("against amd-update-dte256: OK, 90 of 90 recorded plans are step for step amd-update-dte256's"), amd.out());
        assertTrue(amd.out().lines().anyMatch(l -> l.matches(".* strict +84 +0 +0 +6 +0 +1-3 .*")), amd.out());
        // the RISC-V writer: the transitions it can make, and the TORN of docs/riscv.md finding 3 (tc.V behind a dma_wmb() alone)
        Run riscv = run("c-check", "--kernel-tree", fixture.toString(), "--driver", "riscv-dc");
        assertEquals(1, riscv.code(), riscv.err() + riscv.out());
        assertTrue(riscv.out().contains("\nchecked: the 20 of 56 catalogue transitions the driver's writer can make; it writes fsc, ta.PSCID and tc.V only"), riscv.out());
        assertTrue(riscv.out().lines().anyMatch(l -> l.matches(".* strict +5 +2 +0 +13 +1-2 +7/20 FAIL")), riscv.out());
        assertTrue(riscv.out().lines().anyMatch(l -> l.matches(" +ascending +8 +12 +0 +0 +1-2 +20/20 ok")), riscv.out());
        // the extended device context: the same function, and the same first four doublewords' findings (strict: tc.V behind
        // a dma_wmb() alone); the MSI page table is written by no one here, so entries with one are not checked
        Run ext = run("c-check", "--kernel-tree", fixture.toString(), "--driver", "riscv-dc-ext");
        assertEquals(1, ext.code(), ext.err() + ext.out());
        assertTrue(ext.out().contains("\nchecked: the 12 of 30 catalogue transitions the driver's writer can make;"), ext.out());
        assertTrue(ext.out().lines().anyMatch(l -> l.matches(".* strict +4 +0 +0 +8 +1-2 +4/12 FAIL")), ext.out());
        assertTrue(ext.out().lines().anyMatch(l -> l.matches(" +sticky +6 +6 +0 +0 +1-2 +12/12 ok")), ext.out());
        Run pasid = run("c-check", "--kernel-tree", fixture.toString(), "--driver", "intel-pasid");
        assertTrue(pasid.out().contains("tracepoints compiled out: trace_entry_get_used\n"), pasid.out());
        assertTrue(pasid.out().contains("compiled whole: drivers/iommu/entry_sync.h, drivers/iommu/entry_sync.c"), pasid.out());
    }

    /** What is taken: the writer and what it names; not the #if 0 draft, not the device structs it reaches by pointer. */
    @Test
    void takesWhatTheWriterNamesAndNothingElse() throws IOException {
        try (KernelTree.Prepared p = KernelTree.prepare(fixture.toString(), Driver.named("arm-smmu-v3-ste"), List.of(), tempRoot, System.getenv())) {
            String c = Files.readString(p.source());
            for (String in : List.of("void arm_smmu_write_entry(", "static u8 arm_smmu_entry_qword_diff(", "static void entry_set(",
                    "void arm_smmu_get_ste_used(", "void arm_smmu_get_ste_update_safe(", "#define STRTAB_STE_0_CFG\t", "#define NUM_ENTRY_QWORDS 8",
                    "struct arm_smmu_master;", "#line 185 \"" + fixture + "/" + SMMU + "\"", ".get_update_safe = arm_smmu_get_ste_update_safe,")) {
                assertTrue(c.contains(in), in + " in:\n" + c);
            }
            for (String out : List.of("this is not C", "struct arm_smmu_master {", "arm_smmu_get_cd_used", "event_names", "Q_WRP",
                    "arm_smmu_write_ste", "sva_supported", "module_param")) {
                assertFalse(c.contains(out), out + " taken:\n" + c);
            }
            assertFalse(Files.exists(p.source().getParent().resolve("kernel-headers")), "no stand-in headers without files compiled whole");
        }
        assertEquals(Set.of(), leftovers());
    }

    @Test
    void theSameTreeIsTheSame() {
        Run r = run("c-check", "--kernel-tree", fixture.toString(), "--driver", "arm-smmu-v3-cd", "--against-tree", fixture.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("\nagainst-tree " + fixture + ": the same, 20 of 20 recorded plans are step for step the old tree's\n"), r.out());
    }

    /**
     * The 2026 bug: without the leading dma_wmb() the first store of the STE can reach the SMMU before the table it
     * points at (UNINIT under barrier-ordered visibility, on the four transitions that publish a new table).
     */
    @Test
    void droppingTheLeadingBarrierIsCaught() throws IOException {
        Path patched = patched("no-dma-wmb", SMMU, "\t * visible before any store of the entry can be.\n\t */\n\tdma_wmb();\n",
                "\t * visible before any store of the entry can be.\n\t */\n");
        Run r = run("c-check", "--kernel-tree", patched.toString(), "--driver", "arm-smmu-v3-ste", "--against-tree", fixture.toString());
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("\nagainst-tree " + fixture + ": WORSE, 110 of 110 recorded plans changed, 4 with a verdict that got worse, 0 better;"), r.out());
        assertTrue(r.out().contains("  s2-vmid1 -> s2-vmid1-ttb-b, step 1, WORSE:\n    before     1  barrier   dma_wmb\n"
                + "    after      1  store64   q3            0x0000000000090000"), r.out());
        assertTrue(r.out().contains("    barrier-ordered  strict HITLESS -> UNINIT (worse), ascending HITLESS -> UNINIT (worse), sticky HITLESS\n"), r.out());
        assertTrue(r.out().contains("    in-order         strict HITLESS, ascending HITLESS, sticky HITLESS\n"), r.out());
        // the other way round nothing got worse: exit 0 but for the old tree's own UNINIT
        Run back = run("c-check", "--kernel-tree", fixture.toString(), "--driver", "arm-smmu-v3-ste", "--against-tree", patched.toString());
        assertEquals(0, back.code(), back.out());
        assertTrue(back.out().contains("changed, 110 of 110 recorded plans changed, 0 with a verdict that got worse, 4 better;"), back.out());
    }

    /** A used-bits function that forgets that stage 1 uses S2VMID: the writer changes it in a live entry, TORN. */
    @Test
    void aBrokenUsedBitsFunctionIsCaught() throws IOException {
        Path patched = patched("used-bits", SMMU, "\t\t\t\t    STRTAB_STE_1_EATS | STRTAB_STE_1_MEV);\n\t\tused_bits[2] |= cpu_to_le64(STRTAB_STE_2_S2VMID);\n",
                "\t\t\t\t    STRTAB_STE_1_EATS | STRTAB_STE_1_MEV);\n");
        Run r = run("c-check", "--kernel-tree", patched.toString(), "--driver", "arm-smmu-v3-ste", "--against-tree", fixture.toString(), "--all");
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("WORSE, "), r.out());
        assertTrue(r.out().contains("strict BREAKING -> TORN (worse)"), r.out());
    }

    @Test
    void intelPasidAgainstAPatchedTree() throws IOException {
        // the breaking path writes quantum 0 with P set first: the early draft's bug
        Path patched = patched("draft", "drivers/iommu/entry_sync_template.h",
                "\t\tunused_update[writer->vbit_quanta] = 0;\n\t\tNS(entry_set)(writer, entry, unused_update, writer->vbit_quanta, 1);\n",
                "\t\tNS(entry_set)(writer, entry, target, writer->vbit_quanta, 1);\n");
        Run r = run("c-check", "--kernel-tree", patched.toString(), "--driver", "intel-pasid", "--against-tree", fixture.toString());
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("WORSE, 18 of 110 recorded plans changed, 18 with a verdict that got worse, 0 better;"), r.out());
        assertTrue(r.out().contains("strict BREAKING -> TORN (worse)"), r.out());
    }

    @Test
    void defineChangesWhatIsRead() {
        // CONFIG_KUNIT brings the header's prototypes in; they are taken before the definitions and agree with them
        Run r = run("c-check", "--kernel-tree", fixture.toString(), "--driver", "arm-smmu-v3-ste", "-D", "CONFIG_KUNIT", "--against", "used-bits-64");
        assertEquals(0, r.code(), r.err() + r.out());
        // a configuration under which the tree's #if 0 draft would be the writer cannot be asked for: #if 0 is 0
        Run bad = run("c-check", "--kernel-tree", fixture.toString(), "--driver", "arm-smmu-v3-ste", "-D", "1X");
        assertBadInput(bad, "-D: expected NAME or NAME=VALUE");
    }

    @Test
    void aKernelNameTheShimLacksIsNamedWithItsPlaceInTheTree() throws IOException {
        Path patched = patched("lacks", SMMU, "\tdma_wmb();\n\n\tused_qword_diff =", "\tdma_wmb();\n\tmight_fault_in_kernel(writer);\n\tused_qword_diff =");
        Run r = run("c-check", "--kernel-tree", patched.toString(), "--driver", "arm-smmu-v3-ste");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("hitless: error: arm-smmu-v3-ste from " + patched + " does not "), r.err());
        assertTrue(r.err().contains("might_fault_in_kernel: a kernel name the shim (hitless.h) lacks; define it in a stub header (-I DIR) or with -D might_fault_in_kernel=..., or report it"), r.err());
        assertTrue(r.err().contains(patched + "/" + SMMU + ":"), "the tree's file and line: " + r.err());
        assertTrue(dev.hitless.hostile.HostileCorpus.oneErrorLine(r.err()), r.err());
    }

    @Test
    void badTreesDriversAndFunctionsAreOneLine() throws IOException {
        String t = fixture.toString();
        assertBadInput(run("c-check", "--kernel-tree", dir.resolve("nowhere").toString(), "--driver", "arm-smmu-v3-ste"),
                "--kernel-tree " + dir.resolve("nowhere") + ": no such folder; expected the top folder of a kernel tree");
        assertBadInput(run("c-check", "--kernel-tree", t, "--driver", "arm-smmu-v4"),
                "--driver: expected one of arm-smmu-v3-ste, arm-smmu-v3-cd, intel-pasid, amd-dte, riscv-dc, riscv-dc-ext, vtd-context, vtd-context-legacy, found 'arm-smmu-v4'");
        assertBadInput(run("c-check", "--kernel-tree", t, "--driver", "riscv-dc", "--from", "nested", "--to", "s1-a"),
                "--from nested --to s1-a: the riscv-dc writer cannot make this transition: it writes fsc, ta.PSCID and tc.V only");
        assertBadInput(run("c-check", "--kernel-tree", t), "--kernel-tree needs --driver NAME");
        assertBadInput(run("c-check", "--driver", "intel-pasid"), "--driver needs --kernel-tree DIR");
        assertBadInput(run("c-check", "x.c", "--kernel-tree", t, "--driver", "intel-pasid"), "FILE and --kernel-tree: expected one of them");
        assertBadInput(run("c-check", "--kernel-tree", t, "--driver", "intel-pasid", "--format", "smmu-ste"),
                "--format smmu-ste: the driver intel-pasid writes vtd-pasid");
        Files.createDirectories(dir.resolve("empty"));
        assertBadInput(run("c-check", "--kernel-tree", dir.resolve("empty").toString(), "--driver", "intel-pasid"),
                dir.resolve("empty") + "/drivers/iommu/intel/pasid.h: no such file; expected the intel-pasid driver's source there");
        assertBadInput(run("c-check", "--kernel-tree", t, "--driver", "arm-smmu-v3-ste", "--against-tree", dir.resolve("empty").toString()),
                "/drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.h: no such file");
        // both trees bad: the new tree's error, and the old tree's folder removed all the same (run checks)
        Path broken = patched("broken", SMMU, "#if 0\n", "#if 0 +\n");
        assertBadInput(run("c-check", "--kernel-tree", dir.resolve("empty").toString(), "--driver", "arm-smmu-v3-ste", "--against-tree", t),
                dir.resolve("empty") + "/drivers/iommu/arm/arm-smmu-v3/arm-smmu-v3.h: no such file");
        assertBadInput(run("c-check", "--kernel-tree", broken.toString(), "--driver", "arm-smmu-v3-ste", "--against-tree", dir.resolve("empty").toString()),
                broken + "/" + SMMU + ":172: expected a value");
        // a writer of a shape hitless does not know
        Path renamed = patched("renamed", SMMU, "VISIBLE_IF_KUNIT\nvoid arm_smmu_write_entry(struct arm_smmu_entry_writer *writer, __le64 *entry,\n\t\t\t  const __le64 *target)\n{",
                "VISIBLE_IF_KUNIT\nvoid arm_smmu_write_entry_v2(struct arm_smmu_entry_writer *writer, __le64 *entry,\n\t\t\t  const __le64 *target)\n{");
        assertBadInput(run("c-check", "--kernel-tree", renamed.toString(), "--driver", "arm-smmu-v3-ste"),
                SMMU + ": no function arm_smmu_write_entry(): expected arm_smmu_write_entry(struct arm_smmu_entry_writer *writer, __le64 *entry, const __le64 *target)");
        Path shape = patched("shape", SMMU, "void arm_smmu_get_cd_used(const __le64 *ent, __le64 *used_bits)\n",
                "void arm_smmu_get_cd_used(const __le64 *ent, __le64 *used_bits, int extra)\n");
        assertBadInput(run("c-check", "--kernel-tree", shape.toString(), "--driver", "arm-smmu-v3-cd"),
                "/" + SMMU + ":228: arm_smmu_get_cd_used(const __le64 * ent,__le64 * used_bits,int extra) has a shape hitless does not know: expected");
        Path unbalanced = patched("unbalanced", SMMU, "#ifdef CONFIG_ARM_SMMU_V3_SVA\nbool", "#ifdef CONFIG_ARM_SMMU_V3_SVA\n#if 1\nbool");
        assertBadInput(run("c-check", "--kernel-tree", unbalanced.toString(), "--driver", "arm-smmu-v3-ste"),
                SMMU + ":294: expected #endif for this #if before the end of the file");
        Path expr = patched("expr", SMMU, "#if 0\n", "#if 0 +\n");
        assertBadInput(run("c-check", "--kernel-tree", expr.toString(), "--driver", "arm-smmu-v3-ste"),
                SMMU + ":172: expected a value, found the end of the line");
        Path noEntrySync = patched("no-entry-sync", "drivers/iommu/entry_sync.c", "#include \"entry_sync.h\"\n", "#include \"entry_sync.h\"\n");
        Files.delete(noEntrySync.resolve("drivers/iommu/entry_sync.c"));
        assertBadInput(run("c-check", "--kernel-tree", noEntrySync.toString(), "--driver", "intel-pasid"),
                "drivers/iommu/entry_sync.c: no such file; intel-pasid takes the entry_sync library's entry_sync_write128() with"
                        + " intel_pasid_get_used() (2026), which this tree does not have (an older writer is not taken from a tree");
    }

    @Test
    void withoutCtagsOneLineSaysHowToGetIt() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CTAGS", dir.resolve("no-ctags").toString());
        assertBadInput(run(env, "c-check", "--kernel-tree", fixture.toString(), "--driver", "arm-smmu-v3-ste"),
                "is no program; install Universal Ctags: .ci/install-ctags");
    }
}
