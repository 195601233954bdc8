package dev.hitless.ktree;

import dev.hitless.check.Verdict;
import dev.hitless.cwriter.CCompiler;
import dev.hitless.cwriter.CWriter;
import dev.hitless.cwriter.Recording;
import dev.hitless.cwriter.Transition;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.format.VtdPasid;
import dev.hitless.matrix.Matrix;
import dev.hitless.ordering.ClearThenUpdate;
import dev.hitless.ordering.StructCopy;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

import static dev.hitless.ktree.KernelTreeTest.assertBadInput;
import static dev.hitless.ktree.KernelTreeTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code intel-pasid} on a tree without the entry_sync library: the tree's own PASID set-up, replace and tear-down,
 * taken from the fake Linux 6.18 tree of {@code src/test/resources/ktree/linux-6.18} (written for these tests in the
 * kernel's layout and style). Its replace ({@code *pte = new_pte}, then the flushes) has on every present-to-present
 * transition the verdicts of the built-in {@code struct-copy} under every reader and visibility; the same tree
 * without the replace helpers (as before 6.14: tear down, then set up) those of {@code clear-then-update};
 * {@code --against-tree} from it to the entry_sync tree shows what entry_sync changed. Runs with
 * {@link KernelTreeTest}'s helpers (and its skip where there is no C compiler or ctags).
 */
class KernelTreePasidReplaceTest {
    @TempDir
    static Path tempRoot;

    @TempDir
    Path dir;

    static Path tree;

    @BeforeAll
    static void tools() throws URISyntaxException {
        KernelTreeTest.tempRoot = tempRoot;
        KernelTreeTest.tools();
        tree = Path.of(KernelTreePasidReplaceTest.class.getResource("/ktree/linux-6.18").toURI());
    }

    @AfterAll
    static void systemTempAgain() {
        KernelTreeTest.systemTempAgain();
    }

    static final VtdPasid F = Formats.vtd();

    /** The tree's writer recorded on the catalogue transitions {@code which} selects (current, target). */
    static List<Recording> record(Path t, BiPredicate<NamedConfig, NamedConfig> which) {
        List<Transition> ts = new ArrayList<>();
        for (NamedConfig a : F.catalogue()) {
            for (NamedConfig b : F.catalogue()) {
                if (a != b && which.test(a, b)) ts.add(new Transition(a.name() + " -> " + b.name(), a.entry(), b.entry()));
            }
        }
        try (KernelTree.Prepared p = KernelTree.prepare(t.toString(), Driver.named("intel-pasid"), List.of(), tempRoot, System.getenv())) {
            return CWriter.record(CCompiler.find(), p.source(), ts, new CWriter.Options(p.includeDirs(), CWriter.Options.DEFAULT_ENTRY,
                    CWriter.Options.DEFAULT_TIME_LIMIT_MILLIS, tempRoot, p.defines(), p.label()));
        }
    }

    /** Every recorded plan has, under each reader preset of {@code presets} and visibility of {@code both}, the verdicts of {@code builtIn}'s plan. */
    static void sameVerdicts(List<Recording> recordings, Ordering builtIn, List<String> presets, List<Visibility> both) {
        for (Recording r : recordings) {
            NamedConfig a = named(r.transition().current()), b = named(r.transition().target());
            Plan recorded = r.plan("intel-pasid", F, Claim.UNCLAIMED);
            assertEquals(verdicts(builtIn.plan(F, a.entry(), b.entry()), builtIn, presets, both), verdicts(recorded, builtIn, presets, both),
                    r.transition().name() + ": " + builtIn.name() + "'s verdicts (" + both + " x " + presets + ")\n" + recorded);
        }
    }

    static List<Verdict> verdicts(Plan p, Ordering o, List<String> presets, List<Visibility> both) {
        NamedConfig a = named(p.current()), b = named(p.target());
        return Matrix.cells(p, a, b, o, presets, both, null, false).stream().map(c -> c.result().verdict()).toList();
    }

    static NamedConfig named(dev.hitless.entry.Entry e) {
        return F.catalogue().stream().filter(c -> c.entry().equals(e)).findFirst().orElseThrow();
    }

    static boolean bothPresent(NamedConfig a, NamedConfig b) {
        return F.isPresent(a.entry()) && F.isPresent(b.entry());
    }

    /** A copy of the 6.18 tree (its two files) with, for each pair {@code fromTo}, every {@code from} replaced by {@code to}. */
    Path edited(String name, String... fromTo) throws IOException {
        Path copy = dir.resolve(name);
        for (String f : List.of("pasid.h", "pasid.c")) {
            Path q = copy.resolve("drivers/iommu/intel/" + f);
            String text = Files.readString(tree.resolve("drivers/iommu/intel/" + f));
            for (int i = 0; i < fromTo.length; i += 2) text = text.replace(fromTo[i], fromTo[i + 1]);
            Files.createDirectories(q.getParent());
            Files.writeString(q, text);
        }
        return copy;
    }

    @Test
    void theReplaceHasStructCopysVerdicts() {
        List<Recording> rs = record(tree, KernelTreePasidReplaceTest::bothPresent);
        assertEquals(90, rs.size());
        sameVerdicts(rs, new StructCopy(), ReaderModel.presets(F), List.of(Visibility.values()));
        // the copy: plain stores of the qwords that change, then the PASID cache, the IOTLB and the device TLB
        Recording one = rs.stream().filter(r -> r.transition().name().equals("fl-did5-a -> fl-did6-b")).findFirst().orElseThrow();
        assertEquals(List.of("plain store64 q1", "plain store64 q2", "sync [ENTRY]", "sync [IOTLB]", "sync [DEVTLB]"), one.steps().stream()
                .map(s -> switch (s) {
                    case Step.Store64 st -> (st.plain() ? "plain " : "") + "store64 q" + st.qword();
                    case Step.Sync sy -> "sync " + sy.kinds();
                    default -> s.toString();
                }).toList(), one.steps().toString());
    }

    @Test
    void theWholeCatalogueFromTheCommandLine() {
        KernelTreeTest.Run r = run("c-check", "--kernel-tree", tree.toString(), "--driver", "intel-pasid");
        assertEquals(1, r.code(), r.err() + r.out());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("intel-pasid from " + tree + ": the driver's writer recorded on 110 transitions\n"), r.out());
        assertTrue(r.out().contains("\nwriter: the tree's own intel_pasid_setup_*(), intel_pasid_replace_*()"), r.out());
        assertTrue(r.out().contains("\nchecked: the 110 of 110 catalogue transitions the driver's writer can make; it writes what intel_pasid_setup_*() write"), r.out());
        assertTrue(r.out().contains("\nplain stores (not WRITE_ONCE, checked as plain 64-bit stores: the compiler may reorder them) on 90 transitions"), r.out());
        assertFalse(r.out().contains("WARN_ON fired"), r.out());
        assertFalse(r.out().contains("compiler warnings"), r.out());
        for (String out : List.of("intel_pasid_alloc_table", "get_pasid_table_from_pde", "qi_submit_sync", "pasid_debug_show")) {
            assertFalse(r.out().contains(out), out + ": " + r.out());
        }
    }

    /**
     * Before 6.14 there was no replace: a new domain meant tear-down, then set-up (and the first stage came as a
     * {@code pgd_t *}). Where the old entry has no field
     * beyond its first 128-bit chunk (second stage, pass-through) that has clear-then-update's verdicts under every
     * reader (the set-up half tears under strict, README). From a first-stage or nested entry it tears under the
     * strict and ascending readers where clear-then-update does not: the tear-down of 6.18 and before zeroes the
     * entry qword by qword, q0 (P) first, with nothing in between, so a fetch that reads chunk 0 before and chunk 1
     * after sees P=1 with the old FSPTPTR gone; clear-then-update (2026) clears P alone and flushes first.
     */
    @Test
    void withoutTheReplaceHelpersItTearsDownThenSetsUp() throws IOException {
        // 6.10 to 6.13: no replace helpers, and the first stage given as a pgd_t * (its __pa() the table's address)
        Path older = edited("6.13", "intel_pasid_replace_", "intel_pasid_unused_", "phys_addr_t fsptptr", "pgd_t *pgd",
                "pasid_set_flptr(pte, fsptptr)", "pasid_set_flptr(pte, (u64)__pa(pgd))", "pte, fsptptr, did, flags", "pte, pgd, did, flags");
        Ordering ctu = new ClearThenUpdate();
        List<String> presets = ReaderModel.presets(F);
        List<Visibility> x86 = List.of(Visibility.IN_ORDER);
        int torn = 0;
        for (Recording r : record(older, KernelTreePasidReplaceTest::bothPresent)) {
            Plan recorded = r.plan("intel-pasid", F, Claim.UNCLAIMED);
            List<Verdict> expected = new ArrayList<>(verdicts(ctu.plan(F, recorded.current(), recorded.target()), ctu, presets, x86));
            boolean beyondChunk0 = false;
            for (int q = 2; q < VtdPasid.QWORDS; q++) beyondChunk0 |= recorded.current().qword(q) != 0;
            if (beyondChunk0) {
                expected.set(presets.indexOf("strict"), Verdict.TORN);
                expected.set(presets.indexOf("ascending"), Verdict.TORN);
                torn++;
            }
            assertEquals(expected, verdicts(recorded, ctu, presets, x86), r.transition().name() + " " + presets + "\n" + recorded);
        }
        assertEquals(54, torn, "the transitions from a first-stage or nested entry");
    }

    /** What the entry_sync library changed, tree against tree. */
    @Test
    void entrySyncAgainstTheTreesOwnReplace() throws URISyntaxException {
        Path entrySync = Path.of(KernelTreePasidReplaceTest.class.getResource("/ktree/linux").toURI());
        KernelTreeTest.Run r = run("c-check", "--kernel-tree", entrySync.toString(), "--driver", "intel-pasid", "--against-tree", tree.toString());
        assertTrue(r.out().contains("\nchecked: the 110 of 110 catalogue transitions the writer of " + tree + " can make;"), r.out());
        // entry_sync never tears where the copy did, but breaks the 18 transitions the sticky reader saw as hitless
        assertTrue(r.out().contains("\nagainst-tree " + tree + ": WORSE, 110 of 110 recorded plans changed, 18 with a verdict that got worse, 80 better;"), r.out());
        assertTrue(r.out().contains("    in-order         strict TORN -> BREAKING, ascending TORN -> BREAKING, sticky HITLESS -> BREAKING (worse)\n"), r.out());
        assertEquals(1, r.code(), r.err() + r.out());
    }

    @Test
    void badShapesAndTransitionsAreOneLine() throws IOException {
        assertBadInput(run("c-check", "--kernel-tree", tree.toString(), "--driver", "intel-pasid", "--from", "pt:did=5", "--to", "fl-did5-a"),
                "--from pt:did=5 --to fl-did5-a: the intel-pasid writer cannot make this transition: it writes what intel_pasid_setup_*() write");
        String passThrough = "int intel_pasid_replace_pass_through(struct intel_iommu *iommu,\n\t\t\t\t     struct device *dev, u16 old_did,\n\t\t\t\t     u32 pasid";
        Path extra = edited("extra", passThrough + ")\n{", passThrough + ", int extra)\n{");
        assertBadInput(run("c-check", "--kernel-tree", extra.toString(), "--driver", "intel-pasid"),
                "intel_pasid_replace_pass_through(struct intel_iommu * iommu,struct device * dev,u16 old_did,u32 pasid,int extra) has a shape hitless does not know: "
                        + "expected intel_pasid_replace_pass_through(struct intel_iommu *iommu, struct device *dev, u16 old_did, u32 pasid), as in Linux 6.10 to 6.19");
        Path noTearDown = edited("no-tear-down", "void intel_pasid_tear_down_entry(", "void intel_pasid_take_down_entry(");
        assertBadInput(run("c-check", "--kernel-tree", noTearDown.toString(), "--driver", "intel-pasid"),
                "drivers/iommu/intel/pasid.c: no function intel_pasid_tear_down_entry(): expected intel_pasid_tear_down_entry(struct intel_iommu *iommu,");
    }
}
