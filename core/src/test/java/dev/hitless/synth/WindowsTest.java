package dev.hitless.synth;

import dev.hitless.check.CheckResult;
import dev.hitless.check.Checker;
import dev.hitless.check.Requirement;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window pre-test against the {@link Checker}: for windows opened at the current entry and at entries reached
 * after one allowed window, in random store orders, under every reader preset, chunk sizes and both visibilities, the
 * pre-test allows a window exactly when the checker finds the plan up to that window's sync meeting the requirement's
 * verdict. The plans are built as the synthesiser builds them (its stores; a leading dma_wmb; dma_wmb between the
 * stores of an ORDERED window under barrier-ordered visibility).
 */
class WindowsTest {
    static final String[][] TRANSITIONS = {
            {"vtd-pasid", "fl-did5-a", "fl-did6-b"}, {"vtd-pasid", "not-present", "nested"}, {"vtd-pasid", "sl-did7-a", "fl-did5-b"},
            {"smmu-ste", "s1-ssid0", "s2-vmid1"}, {"smmu-ste", "bypass", "s1-ssid0"}, {"smmu-cd", "s1-asid1", "sva"}};

    static List<ReaderModel> models(EntryFormat f) {
        List<ReaderModel> out = new ArrayList<>();
        for (Visibility v : Visibility.values()) {
            for (String p : ReaderModel.PRESETS) out.add(ReaderModel.preset(p, f, v));
            out.add(new ReaderModel(256, ReaderModel.ChunkOrder.ANY, ReaderModel.Cache.NONE, v));
            out.add(new ReaderModel(128, ReaderModel.ChunkOrder.DESCENDING, ReaderModel.Cache.NONE, v));
        }
        return out;
    }

    @Test
    void thePreTestAgreesWithTheChecker() {
        Random rnd = new Random(13);
        int compared = 0, allowed = 0;
        for (String[] t : TRANSITIONS) {
            EntryFormat f = Formats.byName(t[0]);
            Entry a = f.parseConfig(t[1]), b = f.parseConfig(t[2]);
            for (ReaderModel m : models(f)) {
                for (Requirement r : Requirement.values()) {
                    Space space = new Space(f, a, b, m);
                    Windows w = new Windows(space, m, r);
                    // entries reachable after one allowed window, to open second windows at
                    List<int[][]> firsts = new ArrayList<>();
                    w.from(0, (to, units, after) -> {
                        if (firsts.size() < 3) firsts.add(new int[][]{units, after});
                    });
                    firsts.add(new int[][]{new int[0], new int[0]});
                    for (int[][] first : firsts) {
                        int x = first[1].length == 0 ? 0 : first[1][first[1].length - 1];
                        for (int k = 0; k < 5; k++) {
                            int y = rnd.nextInt(space.size);
                            int[][] win = shuffled(w.direct(x, y), space, x, rnd);
                            if (win[0].length == 0) continue;
                            boolean pre = w.firstDisallowed(x, win[1], win[1].length) < 0;
                            Plan p = plan(space, w, m, first, x, win);
                            CheckResult c = Checker.check(p, m);
                            boolean checker = r.accepts(c.verdict());
                            assertEquals(checker, pre, f.name() + " " + m.label() + " " + r + "\n" + p + c.verdict());
                            compared++;
                            if (pre) allowed++;
                        }
                    }
                }
            }
        }
        assertTrue(compared > 500 && allowed > 50 && compared - allowed > 50, compared + " compared, " + allowed + " allowed");
    }

    @Test
    void theWindowBoundStopsTheEnumeration() {
        EntryFormat f = Formats.ste();
        ReaderModel m = ReaderModel.strict(f);
        Space space = new Space(f, f.parseConfig("s1-ssid0"), f.parseConfig("s2-vmid1"), m);
        Windows w = new Windows(space, m, Requirement.SAFE, 10);
        var e = org.junit.jupiter.api.Assertions.assertThrows(SynthesisLimitException.class, () -> w.from(0, (to, u, a) -> { }));
        assertEquals("more than 10 windows to judge", e.getMessage());
    }

    /** The direct window's stores in a random order, with the states after each store recomputed. */
    static int[][] shuffled(int[][] direct, Space space, int from, Random rnd) {
        List<Integer> units = new ArrayList<>();
        for (int u : direct[0]) units.add(u);
        java.util.Collections.shuffle(units, rnd);
        int to = direct[1].length == 0 ? from : direct[1][direct[1].length - 1];
        int[] after = new int[units.size()];
        int cur = from;
        for (int i = 0; i < units.size(); i++) {
            for (int q : space.units[units.get(i)]) cur = space.with(cur, q, space.digit(to, q));
            after[i] = cur;
        }
        return new int[][]{units.stream().mapToInt(Integer::intValue).toArray(), after};
    }

    static Plan plan(Space space, Windows w, ReaderModel m, int[][] first, int x, int[][] second) {
        List<Step> steps = new ArrayList<>();
        boolean between = w.mode == Windows.Mode.ORDERED && m.visibility() == Visibility.BARRIER_ORDERED;
        int cur = 0;
        for (int[][] win : List.of(first, second)) {
            for (int i = 0; i < win[0].length; i++) {
                if (steps.isEmpty() || i > 0 && between) steps.add(new Step.Barrier());
                steps.add(Synthesizer.store(space, win[0][i], cur, win[1][i]));
                cur = win[1][i];
            }
            if (win[0].length > 0) steps.add(Step.Sync.of(SyncKind.ENTRY));
        }
        assertEquals(space.entry(x), space.entry(first[1].length == 0 ? 0 : first[1][first[1].length - 1]));
        return new Plan("window", space.format, space.current, space.target, Claim.UNCLAIMED, steps);
    }
}
