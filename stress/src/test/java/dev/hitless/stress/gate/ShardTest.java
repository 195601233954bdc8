package dev.hitless.stress.gate;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shards: bad specs, and that the shards of a suite are disjoint, whole, deterministic and balanced. */
class ShardTest {

    @Test
    void aSpecIsIOfNWithIFromOneToN() {
        assertEquals(new Shard(1, 4), Shard.parse("1/4"));
        assertEquals(new Shard(4, 4), Shard.parse("4/4"));
        assertEquals(new Shard(1, 1), Shard.parse("1/1"));
        assertEquals("3/8", Shard.parse("3/8").toString());
        for (String bad : List.of("0/4", "5/4", "a/b", "1/0", "0/0", "-1/4", "1/-4", "1", "1/4/2", "", " 1/4", "1/4 ",
                "99999999999/1")) {
            BadInput e = assertThrows(BadInput.class, () -> Shard.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("bad shard '" + bad + "': "), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void theShardsOfTheGeneratedSuiteAreDisjointAndTogetherTheWholeSuiteForEveryCount() {
        List<String> suite = SuitePlan.tests("generated", null);
        assertTrue(suite.size() > 200, suite.size() + " tests");
        for (int n : List.of(1, 2, 3, 4, 5, 7, 8, 16, 50, suite.size())) {
            List<List<String>> shards = Shard.split(suite, n, Shard::weight);
            assertEquals(n, shards.size());
            List<String> all = new ArrayList<>();
            for (List<String> s : shards) all.addAll(s);
            assertEquals(suite.size(), new HashSet<>(all).size(), "disjoint, n=" + n);
            assertEquals(Set.copyOf(suite), Set.copyOf(all), "whole, n=" + n);
            // Every generated test has two actors: the shards' sizes differ by at most one.
            int min = shards.stream().mapToInt(List::size).min().orElseThrow();
            int max = shards.stream().mapToInt(List::size).max().orElseThrow();
            assertTrue(max - min <= 1, "n=" + n + ": " + min + ".." + max);
            // Each shard in plan order, and select() gives the same share.
            for (int i = 1; i <= n; i++) {
                List<String> s = shards.get(i - 1);
                assertEquals(suite.stream().filter(s::contains).toList(), s);
                assertEquals(s, new Shard(i, n).select(suite));
            }
            assertEquals(shards, Shard.split(List.copyOf(suite), n, Shard::weight), "deterministic, n=" + n);
        }
    }

    @Test
    void generatedTestsWeighTheirTwoActorsAndEveryShardGetsAMixOfFormats() {
        List<String> suite = SuitePlan.tests("generated", null);
        assertTrue(suite.stream().allMatch(t -> Shard.weight(t) == 2), "every generated test races two actors");
        for (int n : List.of(2, 3, 4, 6)) {
            for (List<String> s : Shard.split(suite, n, Shard::weight)) {
                Set<String> formats = new HashSet<>();
                Set<String> readers = new HashSet<>();
                for (String t : s) {
                    formats.add(t.split("\\.")[4]);
                    readers.add(t.substring(t.lastIndexOf("__") + 2));
                }
                assertTrue(formats.size() >= 4, "n=" + n + ": " + formats);
                assertTrue(readers.containsAll(Set.of("Ascending", "Sticky", "Strict")), "n=" + n + ": " + readers);
            }
        }
        // Not round robin in name order, whose period of 3 readers would give each of 3 shards one reader.
        List<String> vtd = SuitePlan.tests("generated", "vtdpasid.*__FlDid5A__FlDid6B__");
        assertEquals(24, vtd.size());
        for (List<String> s : Shard.split(vtd, 3, Shard::weight)) {
            assertTrue(s.stream().map(t -> t.substring(t.lastIndexOf("__"))).distinct().count() > 1, s.toString());
        }
    }

    @Test
    void unequalWeightsAreBalancedLongestFirst() {
        List<String> tests = List.of("a", "b", "c", "d", "e", "f", "g");
        ToIntFunction<String> w = t -> switch (t) {
            case "a" -> 5;
            case "b" -> 4;
            case "c", "d" -> 3;
            default -> 1;
        };
        // a 5 | b 4 | c 3; d to the lightest (3 -> 6), then the three 1s in scatter order to the lightest each time
        List<List<String>> shards = Shard.split(tests, 3, w);
        assertEquals(List.of("a"), shards.get(0).subList(0, 1));
        assertEquals(List.of("b"), shards.get(1).subList(0, 1));
        assertEquals(List.of("c", "d"), shards.get(2));
        assertEquals(List.of(6, 6, 6), shards.stream().map(x -> x.stream().mapToInt(w).sum()).toList());
        for (int n = 1; n <= tests.size(); n++) {
            List<List<String>> s = Shard.split(tests, n, w);
            int[] loads = s.stream().mapToInt(x -> x.stream().mapToInt(w).sum()).toArray();
            int spread = java.util.Arrays.stream(loads).max().orElseThrow() - java.util.Arrays.stream(loads).min().orElseThrow();
            assertTrue(spread <= 5, "n=" + n + " loads " + java.util.Arrays.toString(loads));
            assertEquals(tests.size(), s.stream().mapToInt(List::size).sum());
        }
    }

    @Test
    void anEmptyShardAndABadSpecAreBadInputOfOneLine() {
        BadInput e = assertThrows(BadInput.class, () -> new Shard(3, 3).select(List.of("a", "b")));
        assertEquals("shard 3/3 of 2 tests is empty: use at most 2 shards", e.getMessage());
        for (String bad : List.of("0/4", "5/4", "a/b", "1/0")) {
            BadInput g = assertThrows(BadInput.class,
                    () -> Gate.run(new String[] {"run", "--suite", "generated", "--shard", bad}));
            assertEquals(1, g.getMessage().lines().count(), g.getMessage());
        }
    }
}
