package dev.hitless.stress.gate;

import dev.hitless.stress.SlotRing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The gate's command line, parsed and checked; see {@link Gate} for the synopsis. Everything wrong with it is a
 * {@link BadInput}.
 *
 * @param command {@code run} or {@code list} (checked when dispatched, after the suite is known to match tests)
 * @param suite   {@code ci}, {@code showcase}, {@code generated} or {@code all} (checked by {@link SuitePlan})
 * @param mode    the jcstress mode
 * @param filter  a regular expression a test's class name must contain, or null
 * @param out     the output directory, or null for {@code target/stress-SUITE}
 * @param shard   {@code --shard I/N}: run only that share of the suite ({@link Shard}), or null for all of it
 * @param extra   arguments after {@code --}, passed to jcstress unchanged
 */
record GateOptions(String command, String suite, String mode, String filter, Path out, Shard shard, List<String> extra) {

    /** jcstress 0.16's modes ({@code -m}); it has no {@code -tb} time budget. */
    static final Set<String> MODES = Set.of("sanity", "quick", "default", "tough", "stress");

    static GateOptions parse(String[] args) {
        if (args.length == 0) throw new BadInput(usage());
        String suite = null;
        String mode = "quick";
        String filter = null;
        Path out = null;
        Shard shard = null;
        List<String> extra = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--suite" -> suite = value(args, ++i, a);
                case "--mode" -> mode = value(args, ++i, a);
                case "--filter" -> filter = value(args, ++i, a);
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--shard" -> shard = Shard.parse(value(args, ++i, a));
                case "--" -> {
                    extra.addAll(List.of(args).subList(i + 1, args.length));
                    i = args.length;
                }
                default -> throw new BadInput("unknown argument '" + a + "'\n" + usage());
            }
        }
        if (suite == null) throw new BadInput("--suite is required\n" + usage());
        if (!MODES.contains(mode)) {
            throw new BadInput("unknown mode '" + mode + "': expected sanity, quick, default, tough or stress");
        }
        checkLiveStates(extra);
        return new GateOptions(args[0], suite, mode, filter, out, shard, List.copyOf(extra));
    }

    /**
     * jcstress keeps {@code strideSize x strideCount} states of a test alive at once (256 x 40 unless told
     * otherwise); more than the per-JVM slot ring allows ({@link SlotRing#MAX_LIVE_STATES}) would give two live
     * states one entry, so such a {@code -strideSize}/{@code -strideCount} is refused here.
     */
    private static void checkLiveStates(List<String> extra) {
        long size = 256;
        long count = 40;
        for (int i = 0; i + 1 < extra.size(); i++) {
            switch (extra.get(i)) {
                case "-strideSize" -> size = number(extra.get(i + 1), "-strideSize");
                case "-strideCount" -> count = number(extra.get(i + 1), "-strideCount");
                default -> {
                }
            }
        }
        if (size * count > SlotRing.MAX_LIVE_STATES) {
            throw new BadInput("-strideSize " + size + " x -strideCount " + count + " = " + size * count
                    + " live states: the stress tests' slot ring holds " + SlotRing.MAX_LIVE_STATES + " (SlotRing)");
        }
    }

    private static long number(String v, String opt) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadInput(opt + " needs a number, not '" + v + "'");
        }
    }

    /** Where the reports go: {@code --out}, else {@code target/stress-SUITE}. */
    Path outDir() {
        return out == null ? Path.of("target", "stress-" + suite) : out;
    }

    static String usage() {
        return "usage: Gate run|list --suite ci|showcase|generated|all [--mode quick] [--filter REGEX] [--shard I/N] [--out DIR]"
                + " [-- JCSTRESS_ARGS]\n       Gate merge --out DIR SHARD_DIR...";
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) throw new BadInput(opt + " needs a value");
        return args[i];
    }
}
