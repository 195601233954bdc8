package dev.hitless.stress.gate;

import org.openjdk.jcstress.infra.runners.TestList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shard {@code index} of {@code count} ({@code --shard I/N}): a deterministic share of a suite's planned tests, so
 * that N machines run the suite side by side and {@link ShardMerge} puts the N summaries back together.
 *
 * <p><b>Balance.</b> A test's expected run time is its {@link #weight}: the number of actor threads jcstress gives
 * it ({@code TestInfo.threads()} from the jar's test list). jcstress runs every test for the same time box (the mode's
 * iterations x time per iteration, per JVM configuration and fork) and packs tests onto the CPUs by their threads, so
 * a test's share of a machine is proportional to its actors. Every generated test has two actors, so they weigh the
 * same, as measured (docs/stress.md: 17.1 and 17.3 s per test for two parts of the generated suite of different
 * formats and readers). The split is greedy longest-first: tests in descending weight, each to the shard with the
 * least weight so far (the lowest index on a tie). Tests of equal weight go in the order of a fixed hash of their
 * names ({@link #scatter}), not in name order: names cycle through the readers (Ascending, Sticky, Strict), so round
 * robin in name order would give each of 3 shards one reader, the must-detect ones all in one shard. Shards are
 * disjoint and together are the whole plan ({@code ShardTest}).
 */
record Shard(int index, int count) {
    private static final Pattern SPEC = Pattern.compile("(\\d{1,6})/(\\d{1,6})");

    /** {@code I/N} with {@code 1 <= I <= N}; anything else is a {@link BadInput} of one line. */
    static Shard parse(String spec) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) throw new BadInput("bad shard '" + spec + "': expected I/N, e.g. --shard 2/4 (shard 2 of 4)");
        int i = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n < 1) throw new BadInput("bad shard '" + spec + "': the number of shards must be at least 1");
        if (i < 1 || i > n) throw new BadInput("bad shard '" + spec + "': the shard index must be 1 to " + n);
        return new Shard(i, n);
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    /** This shard's tests among {@code planned}, in plan order; a {@link BadInput} when there are none. */
    List<String> select(List<String> planned) {
        List<String> mine = split(planned, count, Shard::weight).get(index - 1);
        if (mine.isEmpty()) {
            throw new BadInput("shard " + this + " of " + planned.size() + " tests is empty: use at most "
                    + planned.size() + " shards");
        }
        return mine;
    }

    /** The {@code count} shards of {@code planned}, each in plan order. */
    static List<List<String>> split(List<String> planned, int count, ToIntFunction<String> weight) {
        List<String> byWeight = new ArrayList<>(planned);
        byWeight.sort(Comparator.comparingInt(weight).reversed().thenComparingLong(Shard::scatter)
                .thenComparing(Comparator.naturalOrder()));
        long[] load = new long[count];
        int[] shardOf = new int[planned.size()];
        for (String t : byWeight) {
            int lightest = 0;
            for (int s = 1; s < count; s++) if (load[s] < load[lightest]) lightest = s;
            load[lightest] += weight.applyAsInt(t);
            shardOf[planned.indexOf(t)] = lightest;
        }
        List<List<String>> shards = new ArrayList<>();
        for (int s = 0; s < count; s++) shards.add(new ArrayList<>());
        for (int k = 0; k < planned.size(); k++) shards.get(shardOf[k]).add(planned.get(k));
        return shards.stream().map(List::copyOf).toList();
    }

    /**
     * A fixed pseudo-random rank of a name: its {@link String#hashCode} (the same on every JVM, by its specification)
     * times the golden-ratio constant, whose product spreads neighbouring names apart.
     */
    static long scatter(String name) {
        return Integer.toUnsignedLong(name.hashCode() * 0x9E3779B9);
    }

    /** A test's expected share of a machine: its actor threads (1 when the jar does not list it). */
    static int weight(String test) {
        try {
            return Math.max(1, TestList.getInfo(test).threads());
        } catch (RuntimeException e) {
            return 1;
        }
    }
}
