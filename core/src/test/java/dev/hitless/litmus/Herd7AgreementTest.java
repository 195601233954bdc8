package dev.hitless.litmus;

import dev.hitless.check.Fetches;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.planlang.PlanFile;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.TableInit;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * herd7 against the checker on the whole catalogue: every window of every built-in ordering's plan (and of the
 * mutants of the SMMUv3 CD's plans), any-order and ascending readers, under both visibilities, must get exactly the
 * fetches from herd7 that the checker allows for the litmus test's plan. And each documented difference must show:
 * the litmus test as hitless means it gives herd7's other answer. Skipped, with one line saying how to get herd7,
 * where there is none.
 */
class Herd7AgreementTest {
    static Herd7 herd7;

    @TempDir
    Path work;

    @BeforeAll
    static void findHerd7() {
        herd7 = Herd7.find(System.getenv()).orElse(null);
        Assumptions.assumeTrue(herd7 != null, "herd7 not found, skipping the herd7 agreement: " + Herd7.HOW_TO_GET);
    }

    private static Map<String, ReaderModel> readers(EntryFormat f) {
        Map<String, ReaderModel> m = new LinkedHashMap<>();
        for (String preset : List.of("strict", "ascending")) {
            for (Visibility v : Visibility.values()) m.put(preset + "+" + v.label(), ReaderModel.preset(preset, f).withVisibility(v));
        }
        return m;
    }

    @Test
    void everyCatalogueWindowAgrees() throws Exception {
        Litmus.Batch all = Litmus.catalogue(Formats.all(), Orderings::builtInsFor, Herd7AgreementTest::readers, false);
        Litmus.Batch mutants = Litmus.catalogue(List.of(Formats.cd()), Orderings::builtInsFor, Herd7AgreementTest::readers, true);
        List<Litmus.Export> exports = new java.util.ArrayList<>(all.exports());
        exports.addAll(mutants.exports());
        Agreement.Report r = Agreement.run(herd7, exports, work, 3600);
        StringBuilder why = new StringBuilder();
        for (Agreement.Window w : r.disagreements().stream().limit(5).toList()) {
            why.append(w.test().name()).append(": checker only ").append(w.missing()).append(", herd7 only ").append(w.extra()).append('\n');
        }
        assertTrue(r.disagreements().isEmpty(), r.disagreements().size() + " of " + r.windows().size() + " windows disagree:\n" + why);
        assertTrue(r.windows().size() > 30_000, "windows compared: " + r.windows().size());
        // only the 32-bit stores of amd-2009-v-first cannot be stated
        assertTrue(all.notExpressible().stream().allMatch(s -> s.contains("amd-2009-v-first")), all.notExpressible().get(0));
        long exact = r.windows().stream().filter(w -> w.export().twin().differences().isEmpty()).count();
        assertTrue(exact > 5_000, "windows stated exactly: " + exact);
    }

    /** The fetches of one window as herd7 gives them, read back. */
    private Set<Outcome> herd(LitmusTest t, String arch, String body, Plan p) throws Exception {
        Path f = work.resolve("t.litmus");
        java.nio.file.Files.writeString(f, arch + " t\n" + body);
        Herd7.Result res = herd7.run(arch.equals("AArch64") ? "aarch64.cat" : "x86tso-mixed.cat", List.of(f), List.of("t"), 600).get("t");
        TableInit tables = TableInit.of(new Oracle(p.format(), p.current(), p.target()));
        Set<Outcome> out = new TreeSet<>();
        for (var s : res.states()) out.add(t.outcome(s, tables));
        return out;
    }

    /** The checker's fetches of window {@code w} of {@code p} under {@code m} itself (not its twin). */
    private static Set<Outcome> checker(Plan p, ReaderModel m, int w) {
        TableInit tables = TableInit.of(new Oracle(p.format(), p.current(), p.target()));
        return Litmus.expected(Fetches.of(p, m).get(w), tables);
    }

    @Test
    void shareabilityHerd7OrdersForTheDeviceWhatHitlessDoesNot() throws Exception {
        Ordering o = PlanFile.load(Path.of(getClass().getResource("/plans/smp-wmb-leading-barrier.plan").toURI()));
        EntryFormat ste = Formats.ste();
        Plan p = o.plan(ste, ste.parseConfig("s2-vmid1"), ste.parseConfig("s2-vmid1-ttb-b"));
        ReaderModel m = ReaderModel.strict(ste);
        LitmusTest t = Litmus.of(p, m, "x").tests().get(0);
        String asWritten = t.body().replace("DMB OSHST", "DMB ISHST");
        Set<Outcome> herd = herd(t, "AArch64", asWritten, p);
        Set<Outcome> hitless = checker(p, m, 0);
        assertTrue(hitless.stream().anyMatch(x -> x.tables() == Outcome.Tables.UNSEEN), "hitless: UNINIT behind smp_wmb");
        assertFalse(herd.stream().anyMatch(x -> x.tables() == Outcome.Tables.UNSEEN), "herd7: DMB ISHST orders the tables");
        assertEquals(t.expected(), herd, "with the rewrite (DMB OSHST) they agree");
    }

    @Test
    void wideStoresTearInHerd7AndNotInHitless() throws Exception {
        EntryFormat vtd = Formats.vtd();
        Plan p = Orderings.byName("used-bits-128").plan(vtd, vtd.parseConfig("fl-did5-a"), vtd.parseConfig("sl-did7-a"));
        ReaderModel m = ReaderModel.strict(vtd);
        Litmus.Export x = Litmus.of(p, m, "x");
        boolean more = false;
        for (LitmusTest t : x.tests()) {
            Set<Outcome> herd = herd(t, t.arch(), t.body(), p);
            Set<Outcome> hitless = checker(p, m, t.window());
            assertTrue(herd.containsAll(hitless), "every fetch of 128-bit atomicity is one of 64-bit atomicity");
            more |= herd.size() > hitless.size();
        }
        assertTrue(more, "some window's 128-bit store or read is seen torn in halves by herd7");
    }

    @Test
    void compilerReorderingIsHitlessOnly() throws Exception {
        EntryFormat vtd = Formats.vtd();
        Plan p = Orderings.byName("struct-copy").plan(vtd, vtd.parseConfig("fl-did5-a"), vtd.parseConfig("sl-did7-a"));
        ReaderModel m = new ReaderModel(64, ReaderModel.ChunkOrder.DESCENDING, ReaderModel.Cache.NONE, Visibility.IN_ORDER);
        LitmusTest t = Litmus.of(p, m, "x").tests().get(0);
        Set<Outcome> herd = herd(t, t.arch(), t.body(), p);
        Set<Outcome> hitless = checker(p, m, 0);
        assertTrue(hitless.containsAll(herd));
        assertTrue(hitless.size() > herd.size(), "plain stores the compiler may reorder show more to a descending reader (stores in qword order)");
    }
}
