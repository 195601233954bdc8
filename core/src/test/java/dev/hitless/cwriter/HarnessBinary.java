package dev.hitless.cwriter;

import dev.hitless.entry.Entry;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A C writer compiled with the shim's recording harness (c/hitless_harness.c), run over transitions given as pairs of
 * entries: the steps each transition recorded, read back from the harness's trace (format: c/README.md). Test code
 * only; it talks to the harness binary directly, as {@code hitless c-check} does, so the examples can be held to the
 * built-ins step by step.
 *
 * <p>{@link #compile} skips the calling test (an {@link Assumptions} abort naming the compilers looked for) when the
 * machine has no C compiler; every other failure (compile error, a harness exit code other than 0, a warning
 * recorded, a line it cannot read) fails the test.
 */
final class HarnessBinary implements AutoCloseable {
    /** The compilers looked for on PATH, in order. */
    static final List<String> COMPILERS = List.of("cc", "gcc", "clang");

    private final Path dir;
    private final Path binary;

    private HarnessBinary(Path dir, Path binary) {
        this.dir = dir;
        this.binary = binary;
    }

    /** The repository root: the nearest directory above the working directory holding c/hitless.h. */
    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("c/hitless.h"))) return p;
        }
        throw new IllegalStateException("no c/hitless.h above " + Path.of("").toAbsolutePath());
    }

    static Optional<Path> compiler() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : COMPILERS) {
            for (String d : path.split(File.pathSeparator)) {
                Path c = Path.of(d.isEmpty() ? "." : d, name);
                if (Files.isExecutable(c)) return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * Compiles {@code source} (relative to the repository root) with the harness into a temporary directory.
     *
     * @param entry the writer function, or null for the default {@code hitless_writer}
     */
    static HarnessBinary compile(String source, String entry) throws IOException, InterruptedException {
        Optional<Path> cc = compiler();
        Assumptions.assumeTrue(cc.isPresent(), "no C compiler on PATH (looked for " + String.join(", ", COMPILERS) + ")");
        Path root = repoRoot();
        Path dir = Files.createTempDirectory("hitless-cwriter-test");
        Path bin = dir.resolve("writer");
        List<String> cmd = new ArrayList<>(List.of(cc.get().toString(), "-std=gnu11", "-O1", "-Wall", "-Werror",
                "-I", root.resolve("c").toString()));
        if (entry != null) cmd.add("-Dhitless_writer=" + entry);
        cmd.addAll(List.of(root.resolve(source).toString(), root.resolve("c/hitless_harness.c").toString(),
                "-o", bin.toString()));
        Result r = run(cmd, "");
        if (r.exit != 0) {
            deleteTree(dir);
            throw new AssertionError("compiling " + source + " failed:\n" + r.stderr);
        }
        return new HarnessBinary(dir, bin);
    }

    /** One transition for the harness: its id and the two entries. */
    record Transition(String id, Entry current, Entry target) {
        String line() {
            return id + " " + current + " " + target;
        }
    }

    /** Runs every transition; the recorded steps by transition id, in input order. */
    Map<String, List<Step>> record(List<Transition> transitions) throws IOException, InterruptedException {
        StringBuilder in = new StringBuilder();
        for (Transition t : transitions) in.append(t.line()).append('\n');
        Result r = run(List.of(binary.toString()), in.toString());
        if (r.exit != 0) throw new AssertionError("harness exit " + r.exit + ": " + r.stderr);
        return parse(r.stdout);
    }

    /** The trace's events as steps; every store (plain or not) is a store, every barrier kind a barrier. */
    private static Map<String, List<Step>> parse(String trace) {
        Map<String, List<Step>> out = new LinkedHashMap<>();
        List<Step> steps = null;
        String id = null;
        for (String line : trace.split("\n")) {
            if (line.isBlank()) continue;
            String[] w = line.trim().split("\\s+");
            int k = w[0].equals("plain") ? 1 : 0;
            switch (w[k]) {
                case "begin" -> {
                    id = w[1];
                    steps = new ArrayList<>();
                }
                case "end" -> {
                    if (!w[1].equals(id)) throw new AssertionError("'" + line + "' inside transition " + id);
                    out.put(id, steps);
                    steps = null;
                }
                case "store64" -> steps.add(new Step.Store64(Integer.parseInt(w[k + 1]), hex(w[k + 2])));
                case "store128" -> steps.add(new Step.Store128(Integer.parseInt(w[k + 1]), hex(w[k + 2]), hex(w[k + 3])));
                case "barrier" -> steps.add(new Step.Barrier());
                case "sync" -> {
                    EnumSet<SyncKind> kinds = EnumSet.noneOf(SyncKind.class);
                    for (String s : w[1].split("\\+")) {
                        kinds.add(SyncKind.byName(s).orElseThrow(() -> new AssertionError("sync kind " + s)));
                    }
                    steps.add(new Step.Sync(kinds));
                }
                default -> throw new AssertionError("transition " + id + ": unexpected trace line '" + line + "'");
            }
        }
        if (steps != null) throw new AssertionError("trace ends inside transition " + id);
        return out;
    }

    private static long hex(String s) {
        return Long.parseUnsignedLong(s.startsWith("0x") ? s.substring(2) : s, 16);
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result run(List<String> cmd, String stdin) throws IOException, InterruptedException {
        Path err = Files.createTempFile("hitless-cwriter-test", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            // The harness flushes per transition, so stdin must be written while stdout is read.
            Thread feeder = Thread.ofVirtual().start(() -> {
                try (var os = p.getOutputStream()) {
                    os.write(stdin.getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the process ended early; its exit code and stderr say why
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", cmd));
            }
            feeder.join();
            return new Result(p.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Override
    public void close() {
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
