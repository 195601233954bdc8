package dev.hitless.stress.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hitless.stress.MustObserveTear;
import dev.hitless.suite.StressCase;
import dev.hitless.suite.StressSuite;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.TestGrading;
import org.openjdk.jcstress.infra.runners.TestList;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The stress gate: runs one suite of jcstress tests from this jar in a child JVM (the same JDK 25 that runs the
 * gate), parses what jcstress wrote, prints a table and writes {@code summary.json} and {@code summary.txt} next to
 * jcstress's HTML report.
 *
 * <pre>
 *   Gate run --suite ci|showcase|generated|all [--mode sanity|quick|default|tough|stress] [--filter REGEX]
 *            [--out DIR] [-- JCSTRESS_ARGS...]
 *   Gate list --suite SUITE [--filter REGEX]
 * </pre>
 *
 * The run fails (exit 1) when jcstress exits non-zero, prints FATAL, reports fewer passed than planned, any planned
 * test has no samples, any test is graded failed (a FORBIDDEN outcome: outside the checker's set), or a test marked
 * {@link MustObserveTear} saw no TORN outcome. Exit 0 when none of these hold, 2 on bad input (arguments, no
 * matching test, unreadable results).
 */
public final class Gate {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    private static final Pattern RESULTS_LINE =
            Pattern.compile("\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs");

    private Gate() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (BadInput e) {
            System.err.println("stress gate: " + e.getMessage());
            code = BAD_INPUT;
        } catch (IOException | UncheckedIOException | InterruptedException e) {
            System.err.println("stress gate: " + e);
            code = BAD_INPUT;
        }
        System.exit(code);
    }

    static final class BadInput extends RuntimeException {
        BadInput(String m) {
            super(m);
        }
    }

    static int run(String[] args) throws IOException, InterruptedException {
        if (args.length == 0) throw new BadInput(usage());
        String command = args[0];
        String suite = null;
        String mode = "quick";
        String filter = null;
        Path out = null;
        List<String> extra = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--suite" -> suite = value(args, ++i, a);
                case "--mode" -> mode = value(args, ++i, a);
                case "--filter" -> filter = value(args, ++i, a);
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--" -> {
                    extra.addAll(List.of(args).subList(i + 1, args.length));
                    i = args.length;
                }
                default -> throw new BadInput("unknown argument '" + a + "'\n" + usage());
            }
        }
        if (suite == null) throw new BadInput("--suite is required\n" + usage());
        if (!Set.of("sanity", "quick", "default", "tough", "stress").contains(mode)) {
            throw new BadInput("unknown mode '" + mode + "': expected sanity, quick, default, tough or stress");
        }
        List<String> planned = plannedTests(suite, filter);
        if (planned.isEmpty()) throw new BadInput("no test in suite '" + suite + "' matches " + filter);
        return switch (command) {
            case "list" -> {
                planned.forEach(System.out::println);
                System.out.println(planned.size() + " tests");
                yield OK;
            }
            case "run" -> runSuite(suite, mode, planned, out == null ? Path.of("target", "stress-" + suite) : out, extra);
            default -> throw new BadInput("unknown command '" + command + "'\n" + usage());
        };
    }

    private static String usage() {
        return "usage: Gate run|list --suite ci|showcase|generated|all [--mode quick] [--filter REGEX] [--out DIR] [-- JCSTRESS_ARGS]";
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) throw new BadInput(opt + " needs a value");
        return args[i];
    }

    // ---- which tests ----------------------------------------------------------------------------------------

    /** The test classes of a suite, from the jar's own test list, in name order. */
    static List<String> plannedTests(String suite, String filter) {
        Set<String> ci = StressSuite.cases().stream().filter(StressSuite::inCi).map(StressCase::className)
                .collect(Collectors.toSet());
        Pattern f = filter == null ? null : Pattern.compile(filter);
        List<String> out = new ArrayList<>();
        for (String t : new TreeSet<>(TestList.tests())) {
            boolean generated = t.startsWith(StressSuite.GENERATED_PACKAGE + ".");
            boolean showcase = t.startsWith("dev.hitless.stress.showcase.");
            boolean in = switch (suite) {
                case "ci" -> showcase || ci.contains(t);
                case "showcase" -> showcase;
                case "generated" -> generated;
                case "all" -> true;
                default -> throw new BadInput("unknown suite '" + suite + "': expected ci, showcase, generated or all");
            };
            if (in && (f == null || f.matcher(t).find())) out.add(t);
        }
        return out;
    }

    static boolean mustObserveTear(String test) {
        try {
            String binary = TestList.getInfo(test).binaryName();
            return Class.forName(binary, false, Gate.class.getClassLoader()).isAnnotationPresent(MustObserveTear.class);
        } catch (ClassNotFoundException | RuntimeException e) {
            return false;
        }
    }

    // ---- running jcstress -----------------------------------------------------------------------------------

    static int runSuite(String suite, String mode, List<String> planned, Path out, List<String> extra)
            throws IOException, InterruptedException {
        Files.createDirectories(out);
        try (Stream<Path> old = Files.list(out)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("jcstress-results-")).toList()) {
                Files.delete(p);
            }
        }
        Path jar;
        try {
            jar = Path.of(Gate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new BadInput("cannot locate the jcstress jar: " + e);
        }
        if (!Files.isRegularFile(jar)) throw new BadInput("the gate must run from the shaded jcstress.jar, not " + jar);
        String regex = "^(" + planned.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")$";
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toAbsolutePath().toString(),
                "-t", regex, "-m", mode, "-r", out.resolve("results").toAbsolutePath().toString()));
        cmd.addAll(extra);
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
                if (echo(line)) System.out.println("  " + line.strip());
            }
        }
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        return judge(suite, mode, planned, out, log, exit, seconds);
    }

    /** Progress lines worth echoing: the per-test verdict lines and the final tally. */
    private static boolean echo(String line) {
        String t = line.strip();
        return t.startsWith("[FAILED]") || t.startsWith("[ERROR]") || t.startsWith("FATAL") || t.contains("FORBIDDEN")
                || t.startsWith("(Results:");
    }

    // ---- judging --------------------------------------------------------------------------------------------

    /** One test's aggregate over every JVM configuration and fork jcstress ran. */
    record TestSummary(String name, long samples, int configs, long samplesPerSecond, Map<String, Long> counts,
                       Map<String, String> expects, List<String> unobserved, boolean mustObserveTear, boolean passed,
                       List<String> problems, List<ConfigRun> runs) {
    }

    /**
     * One JVM configuration of a test. {@code seconds} is jcstress's planned run time (iterations x time per
     * iteration, e.g. 5 x 200 ms in quick mode), so samples per second is a rate comparable between tests of one run.
     */
    record ConfigRun(List<String> jvmArgs, long samples, double seconds, long samplesPerSecond, Map<String, Long> counts) {
    }

    static int judge(String suite, String mode, List<String> planned, Path out, List<String> log, int exit, double seconds)
            throws IOException {
        List<String> gateProblems = new ArrayList<>();
        if (exit != 0) gateProblems.add("jcstress exited with " + exit);
        log.stream().filter(l -> l.contains("FATAL")).findFirst().ifPresent(l -> gateProblems.add("jcstress printed: " + l.strip()));
        int jPlanned = -1;
        int jPassed = -1;
        for (String l : log) {
            Matcher m = RESULTS_LINE.matcher(l);
            if (m.find()) {
                jPlanned = Integer.parseInt(m.group(1));
                jPassed = Integer.parseInt(m.group(2));
            }
        }
        if (jPlanned < 0) gateProblems.add("no '(Results: N planned; ...' line in jcstress's output");
        else if (jPlanned == 0 || jPassed != jPlanned) {
            gateProblems.add("jcstress: " + jPassed + " of " + jPlanned + " planned test runs passed");
        }

        Map<String, List<TestResult>> byTest = new TreeMap<>();
        for (TestResult r : readResults(out)) byTest.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(r);

        List<TestSummary> tests = new ArrayList<>();
        for (String name : planned) {
            tests.add(summarise(name, byTest.getOrDefault(name, List.of())));
        }
        for (String name : byTest.keySet()) {
            if (!planned.contains(name)) gateProblems.add("jcstress ran an unplanned test " + name);
        }
        long ran = tests.stream().filter(t -> t.samples() > 0).count();
        if (ran < planned.size()) gateProblems.add("ran " + ran + " of " + planned.size() + " planned tests");
        boolean pass = gateProblems.isEmpty() && tests.stream().allMatch(TestSummary::passed);

        String table = table(suite, mode, tests, gateProblems, pass, seconds);
        System.out.print(table);
        Files.writeString(out.resolve("summary.txt"), table);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("suite", suite);
        json.put("mode", mode);
        json.put("passed", pass);
        json.put("seconds", Math.round(seconds));
        json.put("jcstressExitCode", exit);
        json.put("jcstressPlanned", jPlanned);
        json.put("jcstressPassed", jPassed);
        json.put("problems", gateProblems);
        json.put("report", out.resolve("results").resolve("index.html").toAbsolutePath().toString());
        json.put("tests", tests);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("summary.json").toFile(), json);
        return pass ? OK : FAILED;
    }

    static List<TestResult> readResults(Path out) throws IOException {
        List<Path> bins;
        try (Stream<Path> s = Files.list(out)) {
            bins = s.filter(p -> p.getFileName().toString().matches("jcstress-results-.*\\.bin\\.gz")).toList();
        }
        InProcessCollector c = new InProcessCollector();
        for (Path bin : bins) {
            DiskReadCollector r = new DiskReadCollector(bin.toString(), c);
            try {
                r.dump();
            } catch (ClassNotFoundException e) {
                throw new IOException("cannot read " + bin + ": " + e, e);
            } finally {
                r.close();
            }
        }
        return new ArrayList<>(c.getTestResults());
    }

    static TestSummary summarise(String name, List<TestResult> results) {
        boolean must = mustObserveTear(name);
        List<String> problems = new ArrayList<>();
        Map<String, Long> counts = new TreeMap<>();
        Map<String, String> expects = new TreeMap<>();
        Map<String, Long> gradedCounts = new LinkedHashMap<>();
        long samples = 0;
        double seconds = 0;
        List<ConfigRun> runs = new ArrayList<>();
        boolean passed = !results.isEmpty();
        for (TestResult r : results) {
            samples += r.getTotalCount();
            double s = r.getConfig().time * (double) r.getConfig().iters / 1000.0;
            seconds += s;
            Map<String, Long> own = new TreeMap<>();
            for (String k : r.getStateKeys()) own.put(k, r.getCount(k));
            runs.add(new ConfigRun(List.copyOf(r.getConfig().jvmArgs), r.getTotalCount(), s,
                    s > 0 ? Math.round(r.getTotalCount() / s) : 0, own));
            for (String k : r.getStateKeys()) counts.merge(k, r.getCount(k), Long::sum);
            if (r.status() != org.openjdk.jcstress.infra.Status.NORMAL) {
                passed = false;
                problems.add("status " + r.status() + " " + String.join(" ", r.getMessages()));
            }
            TestGrading g = r.grading();
            if (!g.isPassed) passed = false;
            for (String m : g.failureMessages) if (!problems.contains(m)) problems.add(m);
            for (GradingResult gr : g.gradingResults.values()) {
                expects.put(gr.id, gr.expect.name());
                gradedCounts.merge(gr.id, gr.count, Long::sum);
            }
        }
        if (results.isEmpty()) problems.add("not run");
        else if (samples == 0) {
            passed = false;
            problems.add("no samples");
        }
        // Outcomes the checker says are possible (exact keys, not the FORBIDDEN regex rows) that no sample showed.
        List<String> unobserved = new ArrayList<>();
        for (Map.Entry<String, String> e : expects.entrySet()) {
            boolean exactKey = !e.getKey().contains(".*") && !e.getValue().equals(Expect.FORBIDDEN.name());
            if (exactKey && gradedCounts.getOrDefault(e.getKey(), 0L) == 0 && !counts.containsKey(e.getKey())) {
                unobserved.add(e.getKey());
            }
        }
        if (must && counts.keySet().stream().noneMatch(k -> k.startsWith("TORN"))) {
            passed = false;
            problems.add("must observe a tear and observed none in " + samples + " samples");
        }
        long rate = seconds > 0 ? Math.round(samples / seconds) : 0;
        return new TestSummary(name, samples, results.size(), rate, counts, expects, unobserved, must, passed, problems, runs);
    }

    static String table(String suite, String mode, List<TestSummary> tests, List<String> gateProblems, boolean pass,
                        double seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%nstress gate: suite %s, mode %s, %d tests, %.0f s%n", suite, mode, tests.size(), seconds));
        for (TestSummary t : tests.stream().sorted(Comparator.comparing(TestSummary::name)).toList()) {
            sb.append(String.format(Locale.ROOT, "%n%-4s %s%s%n", t.passed() ? "PASS" : "FAIL", shortName(t.name()),
                    t.mustObserveTear() ? "  [must observe a tear]" : ""));
            sb.append(String.format(Locale.ROOT, "     %,d samples over %d JVM configurations (%,d samples/s)%n",
                    t.samples(), t.configs(), t.samplesPerSecond()));
            for (Map.Entry<String, Long> e : t.counts().entrySet()) {
                sb.append(String.format(Locale.ROOT, "     %-16s %,15d  %s%n", e.getKey(), e.getValue(), expectOf(t, e.getKey())));
            }
            if (!t.unobserved().isEmpty()) {
                sb.append("     unobserved (checker says possible): ").append(String.join(", ", t.unobserved())).append('\n');
            }
            for (String p : t.problems()) sb.append("     !! ").append(p.strip().replace("\n", " ")).append('\n');
        }
        sb.append('\n');
        for (String p : gateProblems) sb.append("!! ").append(p).append('\n');
        long failed = tests.stream().filter(t -> !t.passed()).count();
        sb.append(String.format(Locale.ROOT, "stress gate: %s (%d passed, %d failed of %d)%n", pass ? "PASS" : "FAIL",
                tests.size() - failed, failed, tests.size()));
        return sb.toString();
    }

    private static String expectOf(TestSummary t, String key) {
        String e = t.expects().get(key);
        if (e != null) return e;
        for (Map.Entry<String, String> x : t.expects().entrySet()) {
            if (Pattern.matches(x.getKey(), key)) return x.getValue();
        }
        return "FORBIDDEN";
    }

    private static String shortName(String name) {
        return name.replace("dev.hitless.stress.", "");
    }
}
