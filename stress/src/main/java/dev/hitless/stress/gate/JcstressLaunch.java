package dev.hitless.stress.gate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs jcstress on exactly the planned tests in a child JVM: the same JDK that runs the gate (JDK 25: a JDK 17
 * child would fail every fork and still exit 0), the shaded jar the gate itself was loaded from, an anchored
 * {@code -t} regex of the planned names, {@code -r OUT/results} for the HTML report, and the working directory
 * {@code OUT}, where jcstress drops its {@code jcstress-results-*.bin.gz}. The console output is copied to
 * {@code OUT/jcstress.log} and its verdict lines are echoed.
 */
final class JcstressLaunch {
    private JcstressLaunch() {
    }

    /** What the child left behind: every console line, its exit code, and the wall time in seconds. */
    record Run(List<String> log, int exitCode, double seconds) {
    }

    static Run run(String suite, String mode, List<String> planned, Path out, List<String> extra)
            throws IOException, InterruptedException {
        Files.createDirectories(out);
        deleteOldResults(out);
        List<String> cmd = command(mode, planned, out, extra);
        System.out.println("stress gate: suite " + suite + ", " + planned.size() + " tests, mode " + mode
                + (extra.isEmpty() ? "" : ", extra " + String.join(" ", extra)) + ", output " + out.toAbsolutePath());
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(out.toFile()).redirectErrorStream(true).start();
        List<String> log = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("jcstress.log")))) {
            for (String line; (line = r.readLine()) != null; ) {
                log.add(line);
                w.println(line);
                if (JcstressLog.worthEchoing(line)) System.out.println("  " + line.strip());
            }
        }
        int exit = p.waitFor();
        return new Run(log, exit, (System.nanoTime() - start) / 1e9);
    }

    /** The child's command line. */
    static List<String> command(String mode, List<String> planned, Path out, List<String> extra) {
        String regex = "^(" + planned.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")$";
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar().toAbsolutePath().toString(),
                "-t", regex, "-m", mode, "-r", out.resolve("results").toAbsolutePath().toString()));
        cmd.addAll(extra);
        return cmd;
    }

    /** Results and summaries of an earlier run in the same directory would be read as this run's: remove them first. */
    private static void deleteOldResults(Path out) throws IOException {
        try (Stream<Path> old = Files.list(out)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("jcstress-results-")).toList()) {
                Files.delete(p);
            }
        }
        // A shard merge takes summary.json as the sign of a finished run: an interrupted run must not leave the last one.
        Files.deleteIfExists(out.resolve("summary.json"));
        Files.deleteIfExists(out.resolve("summary.txt"));
    }

    /** The shaded jcstress.jar this class was loaded from (jcstress forks need a jar, not a class directory). */
    private static Path jar() {
        Path jar;
        try {
            jar = Path.of(JcstressLaunch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new BadInput("cannot locate the jcstress jar: " + e);
        }
        if (!Files.isRegularFile(jar)) throw new BadInput("the gate must run from the shaded jcstress.jar, not " + jar);
        return jar;
    }
}
