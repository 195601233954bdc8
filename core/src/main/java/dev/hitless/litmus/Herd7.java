package dev.hitless.litmus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The herd7 memory-model simulator (herdtools7), run as a separate program: where it is, and what it says of a batch of
 * litmus tests. herd7 is found through the environment variable {@code HERD7} (the program) or on {@code PATH}; its
 * {@code .cat} library through {@code HERD7_LIBDIR}, else {@code libdir} beside the program's {@code bin} folder (the
 * layout {@code ../shared/tools/herd7/install.sh DIR} makes), else herd7's own compiled-in default.
 */
public final class Herd7 {
    /** How to get herd7, for skipped tests and errors. */
    public static final String HOW_TO_GET = "install herdtools7 7.57 (opam install herdtools7, or ../shared/tools/herd7/install.sh DIR)"
            + " and put herd7 on PATH or name it in HERD7";

    private final Path program;
    private final Path libdir;

    private Herd7(Path program, Path libdir) {
        this.program = program;
        this.libdir = libdir;
    }

    /** The herd7 this environment names, if any. */
    public static Optional<Herd7> find(Map<String, String> env) {
        Path p = null;
        String named = env.get("HERD7");
        if (named != null && !named.isEmpty()) {
            p = Path.of(named);
            if (!Files.isExecutable(p)) return Optional.empty();
        } else {
            String path = env.getOrDefault("PATH", "");
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) continue;
                Path c = Path.of(dir, "herd7");
                if (Files.isRegularFile(c) && Files.isExecutable(c)) {
                    p = c;
                    break;
                }
            }
            if (p == null) return Optional.empty();
        }
        Path lib = null;
        String namedLib = env.get("HERD7_LIBDIR");
        if (namedLib != null && !namedLib.isEmpty()) {
            lib = Path.of(namedLib);
        } else {
            Path parent = p.toAbsolutePath().getParent();
            Path beside = parent == null || parent.getParent() == null ? null : parent.getParent().resolve("libdir");
            if (beside != null && Files.isRegularFile(beside.resolve("aarch64.cat"))) lib = beside;
        }
        return Optional.of(new Herd7(p, lib));
    }

    /** The program's path. */
    public Path program() {
        return program;
    }

    /**
     * What herd7 said of one test.
     *
     * @param states  every final state it allows, register name to value
     * @param seconds the time herd7 reports for the test
     */
    public record Result(Set<Map<String, Long>> states, double seconds) {
    }

    /** herd7 failed as a program, or said nothing of a test it was given. */
    public static final class Herd7Exception extends Exception {
        public Herd7Exception(String message) {
            super(message);
        }
    }

    /**
     * Runs herd7 with {@code cat} on the test files, all of one architecture, and returns its result per test name.
     *
     * @throws Herd7Exception when herd7 does not run, exits non-zero, runs out of {@code timeoutSeconds}, or reports no
     *                        result for a test it was given (its first line of errors is in the message)
     */
    public Map<String, Result> run(String cat, List<Path> files, List<String> names, long timeoutSeconds)
            throws Herd7Exception, IOException {
        List<String> cmd = new ArrayList<>(List.of(program.toString()));
        if (libdir != null) cmd.addAll(List.of("-set-libdir", libdir.toString()));
        cmd.addAll(List.of("-model", cat));
        for (Path f : files) cmd.add(f.toString());
        Path err = Files.createTempFile("hitless-herd7", ".err");
        Path out = Files.createTempFile("hitless-herd7", ".out");
        try {
            Process proc = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!proc.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                proc.descendants().forEach(ProcessHandle::destroyForcibly);
                proc.destroyForcibly();
                throw new Herd7Exception("herd7 did not finish " + files.size() + " tests in " + timeoutSeconds + " s");
            }
            String errText = Files.readString(err, StandardCharsets.UTF_8).strip();
            if (proc.exitValue() != 0) {
                throw new Herd7Exception("herd7 exited " + proc.exitValue() + ": " + firstLine(errText));
            }
            Map<String, Result> results = parse(Files.readAllLines(out, StandardCharsets.UTF_8));
            for (String n : names) {
                if (!results.containsKey(n)) {
                    throw new Herd7Exception("herd7 gave no result for " + n + (errText.isEmpty() ? "" : ": " + firstLine(errText)));
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Herd7Exception("interrupted while herd7 ran");
        } finally {
            Files.deleteIfExists(err);
            Files.deleteIfExists(out);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * herd7's output for a batch: per test, {@code Test NAME ...}, {@code States N}, N lines of {@code T:REG=VALUE;}
     * pairs, ..., {@code Time NAME SECONDS}.
     */
    static Map<String, Result> parse(List<String> lines) throws Herd7Exception {
        Map<String, Result> out = new LinkedHashMap<>();
        Map<String, Set<Map<String, Long>>> states = new HashMap<>();
        String current = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("Test ")) {
                String[] w = l.split("\\s+");
                current = w[1];
                states.put(current, new LinkedHashSet<>());
            } else if (l.startsWith("States ") && current != null) {
                int n = Integer.parseInt(l.substring(7).strip());
                for (int k = 0; k < n; k++) states.get(current).add(state(lines.get(++i)));
            } else if (l.startsWith("Time ")) {
                String[] w = l.split("\\s+");
                if (w.length == 3 && states.containsKey(w[1])) {
                    out.put(w[1], new Result(Set.copyOf(states.get(w[1])), Double.parseDouble(w[2])));
                }
            }
        }
        return out;
    }

    private static Map<String, Long> state(String line) throws Herd7Exception {
        Map<String, Long> m = new HashMap<>();
        for (String part : line.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq < 0) throw new Herd7Exception("herd7 state line not understood: " + line);
            try {
                m.put(p.substring(0, eq).strip(), Long.parseLong(p.substring(eq + 1).strip()));
            } catch (NumberFormatException e) {
                throw new Herd7Exception("herd7 state line not understood: " + line);
            }
        }
        return Map.copyOf(m);
    }
}
