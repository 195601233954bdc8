package dev.hitless.stress.gate;

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
        return new GateOptions(args[0], suite, mode, filter, out, shard, List.copyOf(extra));
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
