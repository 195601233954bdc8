package dev.hitless.ktree;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.hitless.ktree.KernelTreeTest.assertBadInput;
import static dev.hitless.ktree.KernelTreeTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code c-check --kernel-tree} for the VT-d context entry in both table modes ({@code --driver vtd-context},
 * {@code vtd-context-legacy}) on the fake tree of {@code src/test/resources/ktree/vtd-context}, written for these
 * tests in the kernel's style as Linux has it since 2026 (c1e4f1dccbe9, 2ae3aed2c82f: P cleared alone first, set
 * last), and on a copy with the fix reverted as Linux 6.18 had it ({@link #REVERT_2026}): each tree's writer records
 * the built-in ordering of its time step for step, {@code --against-tree} shows the revert as verdicts getting worse
 * and the fix as verdicts getting better. Skipped, saying so, where the machine has no C compiler or no Universal
 * Ctags (as {@link KernelTreeTest}, whose runner and checks this class shares).
 */
class KernelTreeContextTest {
    @TempDir
    static Path tempRoot;

    @TempDir
    Path dir;

    static Path tree;

    static final String IOMMU_H = "drivers/iommu/intel/iommu.h", IOMMU_C = "drivers/iommu/intel/iommu.c", PASID_C = "drivers/iommu/intel/pasid.c";

    /** The teardown since the fix: P alone, the flush, then the rest; before it: the whole entry, then the flush. */
    static final String TEARDOWN_2026 = "\tcontext_clear_present(context);\n\t__iommu_flush_cache(iommu, context, sizeof(*context));\n"
            + "\tspin_unlock(&iommu->lock);\n\tintel_context_flush_no_pasid(info, context, did);\n"
            + "\tcontext_clear_entry(context);\n\t__iommu_flush_cache(iommu, context, sizeof(*context));\n}\n",
            TEARDOWN_PRE_2026 = "\tcontext_clear_entry(context);\n\t__iommu_flush_cache(iommu, context, sizeof(*context));\n"
                    + "\tspin_unlock(&iommu->lock);\n\tintel_context_flush_no_pasid(info, context, did);\n}\n";

    /**
     * The fixture tree back to Linux 6.18: c1e4f1dccbe9 and 2ae3aed2c82f reverted ({@code context_set_present()} a
     * plain {@code lo |= 1}, no {@code context_clear_present()}, the teardowns clearing the whole entry before the
     * flush), and the legacy set-up reading the domain's table and AGAW as before the generic page table.
     */
    static final List<String[]> REVERT_2026 = List.of(
            new String[]{IOMMU_H, "{\n\tu64 val;\n\n\tdma_wmb();\n\tval = READ_ONCE(context->lo) | 1;\n\tWRITE_ONCE(context->lo, val);\n}\n",
                    "{\n\tcontext->lo |= 1;\n}\n"},
            new String[]{IOMMU_H, "static inline void context_clear_present(struct context_entry *context)\n{\n\tu64 val;\n\n"
                    + "\tval = READ_ONCE(context->lo) & GENMASK_ULL(63, 1);\n\tWRITE_ONCE(context->lo, val);\n\tdma_wmb();\n}\n", ""},
            new String[]{IOMMU_C, TEARDOWN_2026, TEARDOWN_PRE_2026},
            new String[]{PASID_C, TEARDOWN_2026, TEARDOWN_PRE_2026},
            new String[]{PASID_C, "\t\tcontext_clear_present(context);\n", "\t\tcontext_clear_entry(context);\n"},
            new String[]{IOMMU_C, "\tstruct pt_iommu_vtdss_hw_info pt_info;\n", "\tstruct dma_pte *pgd = domain->pgd;\n"},
            new String[]{IOMMU_C, "\tpt_iommu_vtdss_hw_info(&domain->sspt, &pt_info);\n\n", ""},
            new String[]{IOMMU_C, "context_set_address_root(context, pt_info.ssptptr);\n\tcontext_set_address_width(context, pt_info.aw);\n",
                    "context_set_address_root(context, virt_to_phys(pgd));\n\tcontext_set_address_width(context, domain->agaw);\n"});

    @BeforeAll
    static void tools() throws URISyntaxException {
        KernelTreeTest.tempRoot = tempRoot; // the shared runner's temporary folder, checked for leftovers: this class's
        KernelTreeTest.tools();
        tree = Path.of(KernelTreeContextTest.class.getResource("/ktree/vtd-context").toURI());
    }

    @AfterAll
    static void systemTempAgain() {
        KernelTreeTest.systemTempAgain();
    }

    Path pre2026() throws IOException {
        return KernelTreeTest.copyOf(tree, dir.resolve("pre-2026"), REVERT_2026);
    }

    /** Each mode's writer from each tree is the built-in ordering of its time, on every catalogue transition. */
    @Test
    void eachTreesWriterIsTheBuiltInOfItsTime() throws IOException {
        Path pre = pre2026();
        // {tree, driver, ordering, transitions, exit code}: legacy mode has findings (strict-64 on the fixed writer, TORN before)
        for (Object[] c : List.of(new Object[]{tree, "vtd-context", "vtd-context-2026", 20, 0},
                new Object[]{tree, "vtd-context-legacy", "vtd-context-2026", 30, 1},
                new Object[]{pre, "vtd-context", "vtd-context-pre-2026", 20, 0},
                new Object[]{pre, "vtd-context-legacy", "vtd-context-pre-2026", 30, 1})) {
            KernelTreeTest.Run r = run("c-check", "--kernel-tree", c[0].toString(), "--driver", (String) c[1], "--against", (String) c[2]);
            assertEquals(c[4], r.code(), r.err() + r.out());
            assertEquals("", r.err());
            assertTrue(r.out().startsWith(c[1] + " from " + c[0] + ": the driver's writer recorded on " + c[3] + " transitions\n"), r.out());
            assertTrue(r.out().contains("\nchecked: the " + c[3] + " of " + c[3] + " catalogue transitions the driver's writer can make; "), r.out());
            assertTrue(r.out().contains("against " + c[2] + ": OK, " + c[3] + " of " + c[3] + " recorded plans are step for step " + c[2] + "'s"), r.out());
            assertFalse(r.out().contains("compiler warnings"), r.out());
        }
    }

    /** What is taken: the tree's functions and helpers; not the structures and flushes the glue stands in for. */
    @Test
    void takesTheTreesFunctionsAndNotWhatTheGlueStandsInFor() throws IOException {
        try (KernelTree.Prepared p = KernelTree.prepare(tree.toString(), Driver.named("vtd-context-legacy"), List.of(), tempRoot, System.getenv())) {
            String c = Files.readString(p.source());
            for (String in : List.of("static int domain_context_mapping_one(", "static void domain_context_clear_one(",
                    "static int context_setup_pass_through(", "static inline void context_clear_present(", "struct context_entry {",
                    "#define CONTEXT_TT_DEV_IOTLB\t1", "#line 1 \"hitless glue for vtd-context-legacy\"")) {
                assertTrue(c.contains(in), in + " in:\n" + c);
            }
            for (String out : List.of("struct intel_iommu {\n\tvoid __iomem", "xa_load", "raw_spin_lock_irqsave", "this is not C",
                    "device_block_translation(struct device *dev)\n{", "domain_context_mapping_cb")) {
                assertFalse(c.contains(out), out + " taken:\n" + c);
            }
        }
        try (KernelTree.Prepared p = KernelTree.prepare(tree.toString(), Driver.named("vtd-context"), List.of(), tempRoot, System.getenv())) {
            String c = Files.readString(p.source());
            assertTrue(c.contains("static int context_entry_set_pasid_table("), c);
            assertFalse(c.contains("qi_flush_dev_iotlb"), "devtlb_invalidation_with_pasid() is the glue's:\n" + c);
        }
    }

    /**
     * Reverting the fix makes every legacy transition TORN under the 128-bit reader (exit 1); applying it makes them
     * all safe again (exit 0 under the 128-bit readers; strict-64 is the what-if that even the fixed writer fails).
     */
    @Test
    void theFixAndItsRevertAgainstEachOther() throws IOException {
        Path pre = pre2026();
        KernelTreeTest.Run revert = run("c-check", "--kernel-tree", pre.toString(), "--driver", "vtd-context-legacy", "--against-tree", tree.toString(),
                "--reader", "strict", "--reader", "sticky");
        assertEquals(1, revert.code(), revert.err() + revert.out());
        assertTrue(revert.out().contains("\nagainst-tree " + tree + ": WORSE, 30 of 30 recorded plans changed, 30 with a verdict that got worse, 0 better;"), revert.out());
        assertTrue(revert.out().contains("  cleared -> sl-a, step 1, WORSE:\n"
                + "    before     1  store64   q0 plain      0x0000000000100000                     SLPTPTR 0x0->0x100000\n"
                + "    after      1  store64   q0 plain      0x0000000000100001                     P 0->1 SLPTPTR 0x0->0x100000\n"
                + "    in-order         strict HITLESS -> TORN (worse), sticky HITLESS\n"), revert.out());
        KernelTreeTest.Run fix = run("c-check", "--kernel-tree", tree.toString(), "--driver", "vtd-context-legacy", "--against-tree", pre.toString(),
                "--reader", "strict", "--reader", "sticky");
        assertEquals(0, fix.code(), fix.err() + fix.out());
        assertTrue(fix.out().contains("30 of 30 recorded plans changed, 0 with a verdict that got worse, 30 better;"), fix.out());
        // scalable mode: hi is 0 in every entry the driver writes, so the old writer tears nothing there (docs/vtd-context.md
        // finding 4), but its set-up without dma_wmb() is UNINIT under barrier-ordered visibility on the 4 transitions from cleared
        KernelTreeTest.Run scalable = run("c-check", "--kernel-tree", pre.toString(), "--driver", "vtd-context", "--against-tree", tree.toString());
        assertEquals(1, scalable.code(), scalable.err() + scalable.out());
        assertTrue(scalable.out().contains("\nresult: OK, every cell meets its requirement\n"), scalable.out());
        assertTrue(scalable.out().contains("WORSE, 20 of 20 recorded plans changed, 4 with a verdict that got worse, 0 better;"), scalable.out());
        assertTrue(scalable.out().contains("    barrier-ordered  strict HITLESS -> UNINIT (worse)"), scalable.out());
    }

    @Test
    void badFunctionsAndTransitionsAreOneLine() throws IOException {
        Path shape = KernelTreeTest.copyOf(tree, dir.resolve("shape"), List.<String[]>of(new String[]{IOMMU_C,
                "static void domain_context_clear_one(struct device_domain_info *info, u8 bus, u8 devfn)\n",
                "static void domain_context_clear_one(struct intel_iommu *iommu, struct device_domain_info *info, u8 bus, u8 devfn)\n"}));
        KernelTreeTest.Run r = run("c-check", "--kernel-tree", shape.toString(), "--driver", "vtd-context-legacy");
        assertBadInput(r, shape + "/" + IOMMU_C + ":");
        assertTrue(r.err().contains(" has a shape hitless does not know: expected domain_context_clear_one(struct device_domain_info *info,"
                + " u8 bus, u8 devfn)"), r.err());
        Path gone = KernelTreeTest.copyOf(tree, dir.resolve("gone"), List.<String[]>of(new String[]{PASID_C,
                "static int device_pasid_table_setup(struct device *dev, u8 bus, u8 devfn)\n", "static int device_pasid_table_attach(struct device *dev, u8 bus, u8 devfn)\n"}));
        assertBadInput(run("c-check", "--kernel-tree", gone.toString(), "--driver", "vtd-context"),
                PASID_C + ": no function device_pasid_table_setup(): expected device_pasid_table_setup(struct device *dev, u8 bus, u8 devfn)");
        // FPD set: no function of the driver writes it
        assertBadInput(run("c-check", "--kernel-tree", tree.toString(), "--driver", "vtd-context-legacy", "--from", "sl-a", "--to", "0x100003 0x202"),
                "--from sl-a --to 0x100003 0x202: the vtd-context-legacy writer cannot make this transition: it writes what domain_context_mapping_one()");
        Files.createDirectories(dir.resolve("empty"));
        assertBadInput(run("c-check", "--kernel-tree", dir.resolve("empty").toString(), "--driver", "vtd-context"),
                dir.resolve("empty") + "/" + IOMMU_H + ": no such file; expected the vtd-context driver's source there"
                        + " (is " + dir.resolve("empty") + " the top of a kernel tree with Intel VT-d scalable-mode context entry?)");
    }
}
