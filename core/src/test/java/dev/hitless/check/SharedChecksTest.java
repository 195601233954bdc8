package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.format.NarrowFormats;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Checker.Shared} answers a check with the result of one made before that reads alike: every such answer must
 * be what {@link Checker#check} itself says, in every field a report prints, and the rule behind it
 * ({@link Timeline#sameUnderEveryVisibility}) must mean identical timelines.
 */
class SharedChecksTest {

    /** Everything a report can show of a result (the counterexample as rendered, naming plan and model). */
    static String observable(CheckResult r) {
        return r.plan().ordering() + " " + r.model() + " " + r.verdict() + " " + r.seen() + " " + r.sortedOutcomeKeys()
                + " " + new TreeMap<>(r.examples().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                        e -> e.getKey().key(), e -> e.getValue().toString())))
                + " syncs " + r.entrySyncs() + " " + r.reachesTarget() + " " + r.settled() + " " + r.distinctObservations()
                + "\n" + r.counterexample().map(cx -> cx.render() + " reads " + Arrays.toString(cx.readAfterSteps())
                        + " " + cx.window() + " " + cx.tablesNotVisible()).orElse("none");
    }

    @Test
    void everySharedAnswerIsTheCheckersOwnOnTheWholeDefaultMatrix() {
        Checker.Shared shared = new Checker.Shared();
        int checks = 0;
        for (EntryFormat f : Formats.all()) {
            for (Ordering o : Orderings.builtIns()) {
                if (!o.appliesTo(f) || o.quantumBits() > f.defaultChunkBits()) continue;
                for (NamedConfig a : f.catalogue()) {
                    for (NamedConfig b : f.catalogue()) {
                        if (a == b) continue;
                        Plan plan = o.plan(f, a.entry(), b.entry());
                        for (Visibility v : Visibility.values()) {
                            for (String p : ReaderModel.presets(f)) {
                                ReaderModel m = ReaderModel.preset(p, f, v);
                                assertEquals(observable(Checker.check(plan, m)), observable(shared.check(plan, m)),
                                        f.name() + " " + o.name() + " " + a.name() + " -> " + b.name() + " " + m.label());
                                checks++;
                            }
                        }
                    }
                }
            }
        }
        // the sharing is real: plans two orderings both make, sticky readers, plans every visibility reads alike
        assertTrue(shared.size() < checks * 3 / 4, shared.size() + " distinct of " + checks);
    }

    @Test
    void sameUnderEveryVisibilityMeansTheSameTimelinesOnRandomPlans() {
        Random rnd = new Random(20261207);
        int alike = 0, alikeWithTables = 0, differ = 0, differingResults = 0;
        List<EntryFormat> formats = new ArrayList<>(NarrowFormats.everyWidth());
        for (int round = 0; round < 3000; round++) {
            EntryFormat f = formats.get(rnd.nextInt(formats.size()));
            List<NamedConfig> cat = f.catalogue();
            Entry from = cat.get(rnd.nextInt(cat.size())).entry();
            Entry to = cat.get(rnd.nextInt(cat.size())).entry();
            Plan plan = VisibilityBruteForceTest.randomPlan(rnd, f, from, to);
            int bits = List.of(64, 128, f.qwords() * 64).get(rnd.nextInt(3));
            ReaderModel.ChunkOrder order = ReaderModel.ChunkOrder.values()[rnd.nextInt(3)];
            // as the checker asks: does the target point at a table the driver initialised before step 1?
            boolean tables = !dev.hitless.reader.TableInit.of(new dev.hitless.reader.Oracle(f, from, to)).fields().isEmpty();
            ReaderModel in = new ReaderModel(bits, order, ReaderModel.Cache.NONE, Visibility.IN_ORDER);
            ReaderModel bo = new ReaderModel(bits, order, ReaderModel.Cache.NONE, Visibility.BARRIER_ORDERED);
            List<Timeline> a, b;
            try {
                a = Timeline.of(plan, in, tables);
                b = Timeline.of(plan, bo, tables);
            } catch (CheckLimitException tooLarge) {
                continue;
            }
            if (Timeline.sameUnderEveryVisibility(plan)) {
                alike++;
                if (tables) alikeWithTables++;
                assertEquals(describe(a), describe(b), plan.steps().toString());
            } else {
                differ++;
                if (!observable(Checker.check(plan, in)).replace("in-order", "V")
                        .equals(observable(Checker.check(plan, bo)).replace("barrier-ordered", "V"))) {
                    differingResults++;
                }
            }
        }
        assertTrue(alike > 300 && differ > 300, alike + " alike, " + differ + " not");
        // including plans whose target points at new tables (their first segment holds no store)
        assertTrue(alikeWithTables > 20, alikeWithTables + " alike with tables");
        // and the rule is needed: without it, results would be shared that differ
        assertTrue(differingResults > 50, differingResults + " of " + differ);
    }

    private static String describe(List<Timeline> ts) {
        StringBuilder sb = new StringBuilder();
        for (Timeline t : ts) {
            sb.append("window ").append(t.window).append(" points ").append(t.timePoints).append(" hidden ")
                    .append(t.tablesHiddenUntil).append(" latest ").append(Arrays.toString(t.latestSteps)).append('\n');
            for (int c = 0; c < t.chunks; c++) {
                for (int v = 0; v < t.values[c].size(); v++) {
                    sb.append(" chunk ").append(c).append(' ').append(Arrays.toString(t.values[c].get(v)))
                            .append(" at ").append(Arrays.toString(t.times[c][v])).append(" steps ")
                            .append(Arrays.toString(t.steps[c][v])).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
