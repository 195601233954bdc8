package dev.hitless.cwriter;

import dev.hitless.entry.Entry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Records a kernel-style entry writer written in C: compiles the user's file together with the shim
 * ({@code c/hitless.h}, {@code c/hitless_harness.c}, shipped in this jar as {@code dev/hitless/cwriter/shim/}) into a
 * temporary directory, runs the program once with every transition on its stdin and reads what it recorded from
 * its trace descriptor ({@link Trace}, format in {@code c/README.md}).
 *
 * <p>The compiler and the writer are untrusted: each runs {@link Confined} (its own process group, resource limits
 * set before exec, its output read with a cap and whatever its encoding), and every trace record is validated. The
 * compile is {@code CC -std=gnu11 -O1 -Wall -x c -IDIR... -ITMP -include TMP/hitless.h -o TMP/writer FILE
 * TMP/hitless_harness.c [TMP/hitless_entry.c]} (a file name starting with {@code -} is passed as {@code ./NAME}, so
 * no name is ever taken for an option; the last file a generated {@code hitless_writer} that calls the function
 * {@code --entry} names); warnings are shown to nobody and fail nothing. Limits, each enforced from outside:
 * <ul>
 *   <li>compile: {@value #COMPILE_LIMIT_MILLIS} ms wall, as much CPU time, {@value #COMPILE_MEMORY_MIB} MiB of
 *       address space per process, files of at most {@value #COMPILE_FILE_MIB} MiB;</li>
 *   <li>writer: {@link Options#timeLimitMillis} of wall time for each transition, measured from its BEGIN record to
 *       its END, and the same again (at least {@value #MIN_OTHER_PHASE_MILLIS} ms) before the first transition
 *       (start-up, constructors), between two and after the last (exit handlers); {@value #WRITER_MEMORY_MIB} MiB of address space, no file written, no process or thread
 *       created, CPU time no more than all those phases together.</li>
 * </ul>
 * Failures are {@link CWriterException}s, one line each naming the file and, where there is one, the transition:
 * the compiler's first error, a crash, a time limit, a write outside the entry, an exit or a malformed trace. The
 * temporary directory is removed in every case (and, should that fail, marked for deletion on exit).
 */
public final class CWriter {
    private CWriter() {
    }

    /** The shim files, in the class path under {@code dev/hitless/cwriter/shim/} (copied there from {@code c/}). */
    static final List<String> SHIM = List.of("hitless.h", "hitless_harness.c");
    static final long COMPILE_LIMIT_MILLIS = 120_000;
    static final long COMPILE_MEMORY_MIB = 2048, COMPILE_FILE_MIB = 64, WRITER_MEMORY_MIB = 1024;
    /** A C identifier: what {@code --entry} may name. */
    public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** What {@code -D} may define: a macro name, optionally {@code =} a value of one line. */
    public static final Pattern DEFINE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(=[^\\n\\r\\x00]*)?");

    /**
     * What a compile and run gave: the recordings, one per transition, and the compiler's warnings (each one line,
     * explained as {@link CompilerLog} explains errors), which fail nothing.
     */
    public record Result(List<Recording> recordings, List<String> warnings) {
        public Result {
            recordings = List.copyOf(recordings);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * How to build and run the writer.
     *
     * @param includeDirs extra folders searched for headers ({@code -I}), before the shim's
     * @param entry the writer function's name, {@code hitless_writer} by default
     * @param timeLimitMillis how long the writer may take on one transition (and, at least 1 s, before the first, between
     *     two and after the last)
     * @param tempRoot where the temporary directory is made (tests give their own, to see it removed)
     * @param defines macros defined for the compile ({@code -D}), each {@code NAME} or {@code NAME=VALUE}
     * @param label how messages name the C file (null: its path); {@code c-check --kernel-tree} names the driver
     */
    public record Options(List<Path> includeDirs, String entry, long timeLimitMillis, Path tempRoot, List<String> defines, String label) {
        public static final String DEFAULT_ENTRY = "hitless_writer";
        public static final long DEFAULT_TIME_LIMIT_MILLIS = 2000;

        public Options {
            includeDirs = List.copyOf(includeDirs);
            for (Path d : includeDirs) if (d.toString().isEmpty()) throw new IllegalArgumentException("an empty include folder name");
            if (!IDENTIFIER.matcher(entry).matches()) throw new IllegalArgumentException("not a C identifier: " + entry);
            if (timeLimitMillis <= 0) throw new IllegalArgumentException("time limit " + timeLimitMillis + " ms");
            defines = List.copyOf(defines);
            for (String d : defines) {
                if (!DEFINE.matcher(d).matches()) throw new IllegalArgumentException("not NAME or NAME=VALUE: " + d);
            }
        }

        public Options(List<Path> includeDirs, String entry, long timeLimitMillis, Path tempRoot) {
            this(includeDirs, entry, timeLimitMillis, tempRoot, List.of(), null);
        }

        public static Options defaults() {
            return new Options(List.of(), DEFAULT_ENTRY, DEFAULT_TIME_LIMIT_MILLIS, Path.of(System.getProperty("java.io.tmpdir")));
        }
    }

    /**
     * The writer in {@code file}, compiled with {@code cc} and run on every transition, in order.
     *
     * @param transitions at least one; all of one entry width (one format's): the harness's live entry and its
     *     input lines have that many qwords ({@code -DHITLESS_ENTRY_QWORDS=N})
     */
    public static List<Recording> record(CCompiler cc, Path file, List<Transition> transitions, Options o) {
        return recordWithWarnings(cc, file, transitions, o).recordings();
    }

    /** As {@link #record}, with the compiler's warnings. */
    public static Result recordWithWarnings(CCompiler cc, Path file, List<Transition> transitions, Options o) {
        int qwords = transitions.getFirst().current().qwords();
        for (Transition t : transitions) {
            if (t.current().qwords() != qwords || t.target().qwords() != qwords) {
                throw new IllegalArgumentException("transitions of entries of more than one width: " + t.name());
            }
        }
        Path tmp;
        try {
            tmp = Files.createTempDirectory(o.tempRoot(), "hitless-c-").toAbsolutePath();
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new CWriterException("cannot make a build folder in " + o.tempRoot() + ": " + reason(e));
        }
        tmp.toFile().deleteOnExit();
        try {
            for (String s : SHIM) copyShim(s, tmp.resolve(s));
            List<String> warnings = compile(cc, file, tmp, o, qwords);
            return new Result(run(name(file, o), tmp, transitions, o, qwords), warnings);
        } catch (IOException e) {
            throw new CWriterException(name(file, o) + ": cannot use the build folder " + tmp + ": " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CWriterException(name(file, o) + ": interrupted while recording");
        } finally {
            delete(tmp);
        }
    }

    /** How messages name the C file: the label the options give, else its path. */
    private static String name(Path file, Options o) {
        return o.label() == null ? file.toString() : o.label();
    }

    private static String reason(Exception e) {
        return e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : String.valueOf(e.getMessage());
    }

    private static void copyShim(String name, Path to) throws IOException {
        try (InputStream in = CWriter.class.getResourceAsStream("shim/" + name)) {
            if (in == null) throw new IllegalStateException("shim file " + name + " missing from the class path (build it with Maven)");
            Files.copy(in, to);
        }
    }

    /** A file name as an argument that no program takes for an option: {@code ./-E} for {@code -E}. */
    static String argument(Path p) {
        String s = p.toString();
        return s.startsWith("-") ? "." + java.io.File.separator + s : s;
    }

    private static List<String> compile(CCompiler cc, Path file, Path tmp, Options o, int qwords) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(cc.program().toString(), "-std=gnu11", "-O1", "-Wall",
                "-DHITLESS_ENTRY_QWORDS=" + qwords, "-x", "c"));
        for (String d : o.defines()) cmd.add("-D" + d);
        for (Path d : o.includeDirs()) cmd.add("-I" + d); // one argument: a folder named like an option stays a folder
        cmd.addAll(List.of("-I" + tmp, "-include", tmp.resolve("hitless.h").toString()));
        cmd.addAll(List.of("-o", tmp.resolve("writer").toString(), argument(file), tmp.resolve("hitless_harness.c").toString()));
        if (!o.entry().equals(Options.DEFAULT_ENTRY)) {
            Path glue = Files.writeString(tmp.resolve("hitless_entry.c"), "void " + o.entry()
                    + "(__le64 *entry, const __le64 *target);\nvoid hitless_writer(__le64 *entry, const __le64 *target)\n{\n\t"
                    + o.entry() + "(entry, target);\n}\n");
            cmd.add(glue.toString());
        }
        Confined.Limits limits = new Confined.Limits(COMPILE_LIMIT_MILLIS / 1000, COMPILE_MEMORY_MIB << 20, COMPILE_FILE_MIB << 20, false);
        Confined p = Confined.start(cmd, limits, Path.of("").toAbsolutePath(), Path.of("/dev/null"),
                Map.of("TMPDIR", tmp.toString(), "LC_ALL", "C"), false);
        boolean ended = p.waitFor(COMPILE_LIMIT_MILLIS);
        p.kill(); // ends it, or whatever it left in its process group
        if (!ended) {
            throw new CWriterException(name(file, o) + ": the C compiler " + cc.program() + " did not finish within "
                    + COMPILE_LIMIT_MILLIS / 1000 + " s");
        }
        int code = p.exitValue();
        String log = p.output().replace(tmp + "/", "");
        String name = name(file, o);
        if (code != 0) {
            if (code > 128 && UntrustedText.lines(log).isEmpty()) {
                throw new CWriterException(name + ": the C compiler " + cc.program() + " was " + Confined.status(code) + " (limits: "
                        + COMPILE_LIMIT_MILLIS / 1000 + " s of CPU, " + COMPILE_MEMORY_MIB + " MiB of memory, files of " + COMPILE_FILE_MIB + " MiB)");
            }
            throw CompilerLog.failure(name, log, o.entry(), code);
        }
        Path program = tmp.resolve("writer");
        if (!Files.isRegularFile(program, LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(program)) {
            throw new CWriterException(name + ": the C compiler " + cc.program() + " exited with code 0 but made no program"
                    + " (is $CC a C compiler?)");
        }
        return CompilerLog.warnings(log);
    }

    private static List<Recording> run(String file, Path tmp, List<Transition> transitions, Options o, int qwords)
            throws IOException, InterruptedException {
        StringBuilder in = new StringBuilder();
        for (int id = 0; id < transitions.size(); id++) {
            Transition t = transitions.get(id);
            in.append(id);
            for (Entry e : List.of(t.current(), t.target())) {
                for (int q = 0; q < qwords; q++) in.append(' ').append(Long.toHexString(e.qword(q)));
            }
            in.append('\n');
        }
        Path input = Files.writeString(tmp.resolve("transitions.txt"), in);
        reachableByOthers(tmp);
        long limit = o.timeLimitMillis();
        Confined p = Confined.start(List.of("./writer"),
                new Confined.Limits(cpuSeconds(limit, transitions.size()), WRITER_MEMORY_MIB << 20, 0, true),
                tmp, input, Map.of(), true);
        Trace trace = new Trace(transitions, qwords);
        try {
            follow(p, trace, transitions, limit);
            return outcome(file, p, trace, transitions, o);
        } catch (Trace.Malformed e) {
            throw new CWriterException(file + ": " + where(trace, transitions) + ": " + e.getMessage()
                    + " (did the writer write to file descriptor 3?)");
        } catch (Trace.WriterError e) {
            throw new CWriterException(file + ": " + where(trace, transitions) + ": the writer " + e.what);
        } catch (TimeLimit e) {
            throw new CWriterException(file + ": " + e.getMessage());
        } finally {
            p.kill();
        }
    }

    /**
     * How long a phase may last: a transition {@code limit}; the start (process start-up and constructors), a gap and
     * the exit as long, but at least {@value #MIN_OTHER_PHASE_MILLIS} ms, since they hold the program's own start-up.
     */
    static long phaseLimit(Trace.Phase phase, long limit) {
        return phase == Trace.Phase.INSIDE ? limit : Math.max(limit, MIN_OTHER_PHASE_MILLIS);
    }

    static final long MIN_OTHER_PHASE_MILLIS = 1000;

    /** The wall-time limit of one phase of the run was reached; the program has been killed. */
    private static final class TimeLimit extends Exception {
        TimeLimit(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads the trace as it arrives, until it ends and the program exits, killing the program when a phase (the
     * start, a transition, the gap after one, the exit) lasts longer than {@code limit} ms.
     */
    private static void follow(Confined p, Trace trace, List<Transition> ts, long limit) throws InterruptedException, TimeLimit {
        BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(64);
        byte[] eof = new byte[0];
        Thread reader = Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = p.trace()) {
                for (int n; (n = in.read(buf)) >= 0; ) chunks.put(java.util.Arrays.copyOf(buf, n));
            } catch (IOException | InterruptedException ignored) {
                // the end of the trace, as far as we are concerned
            }
            try {
                chunks.put(eof);
            } catch (InterruptedException ignored) {
                // the follower is gone
            }
        });
        try {
            Trace.Phase phase = trace.phase();
            int at = trace.transitionIndex();
            long since = System.nanoTime();
            while (true) {
                long left = TimeUnit.MILLISECONDS.toNanos(phaseLimit(phase, limit)) - (System.nanoTime() - since);
                if (left <= 0) throw timeLimit(p, trace, ts, phase, phaseLimit(phase, limit));
                byte[] chunk = chunks.poll(left, TimeUnit.NANOSECONDS);
                if (chunk == null) continue;
                if (chunk == eof) break;
                trace.feed(chunk, chunk.length);
                if (trace.phase() != phase || trace.transitionIndex() != at) {
                    phase = trace.phase();
                    at = trace.transitionIndex();
                    since = System.nanoTime();
                }
            }
            trace.finish();
            long left = TimeUnit.MILLISECONDS.toNanos(phaseLimit(phase, limit)) - (System.nanoTime() - since);
            if (!p.waitFor(TimeUnit.NANOSECONDS.toMillis(left))) throw timeLimit(p, trace, ts, phase, phaseLimit(phase, limit));
        } finally {
            reader.interrupt();
        }
    }

    private static TimeLimit timeLimit(Confined p, Trace trace, List<Transition> ts, Trace.Phase phase, long limit)
            throws InterruptedException {
        p.kill();
        String ms = limit + " ms";
        return new TimeLimit(switch (phase) {
            case STARTING -> "the writer's program did not reach its first transition within " + ms
                    + " (a constructor that loops or waits?)";
            case INSIDE -> "on transition " + ts.get(trace.transitionIndex()).name() + ": the writer did not return within the time limit of " + ms;
            case BETWEEN -> "after transition " + ts.get(trace.transitionIndex() - 1).name() + ": the writer's program did not go on within " + ms
                    + " (a signal handler of the writer's?)";
            case DONE -> "the writer's program did not exit within " + ms + " of its last transition (an exit handler that loops?)";
        });
    }

    /** Where the trace stands, as messages say it. */
    private static String where(Trace t, List<Transition> ts) {
        return switch (t.phase()) {
            case STARTING -> "before its first transition";
            case INSIDE -> "on transition " + ts.get(t.transitionIndex()).name();
            case BETWEEN -> "after transition " + ts.get(t.transitionIndex() - 1).name();
            case DONE -> "after its last transition";
        };
    }

    /**
     * The recordings, when the trace is complete and the program exited with code 0; else what went wrong, judged
     * by the trace first (a FAIL record says what the harness saw), then by the exit status.
     */
    private static List<Recording> outcome(String file, Confined p, Trace trace, List<Transition> ts, Options o)
            throws InterruptedException {
        int code = p.exitValue();
        String where = where(trace, ts);
        Optional<Trace.Failure> failure = trace.failure();
        if (failure.isPresent()) {
            Trace.Failure f = failure.get();
            throw new CWriterException(file + ": " + where + ": " + switch (f.what()) {
                case Trace.FAIL_OUTSIDE -> "the writer wrote outside the entry (at byte " + f.number() + " from its start; the entry is bytes 0.."
                        + (trace.qwords() * 8 - 1) + ")";
                case Trace.FAIL_SIGNAL -> "the writer crashed with " + Confined.signalName((int) f.number())
                        + (f.number() == 11 || f.number() == 7 ? " at address 0x" + Long.toHexString(f.address()) : "");
                default -> "the writer's program could not read line " + f.number() + " of its input (does the writer read standard input?)";
            });
        }
        Optional<Integer> exit = trace.exitStatus();
        if (trace.complete() && code == 0 && exit.orElse(0) == 0) return trace.recordings();
        // exit() is told by its EXIT record; without one, 128 + N is a signal or an _exit(128 + N), which Java cannot tell apart
        String what = exit.isPresent() ? "the writer called exit(" + exit.get() + ")"
                : code > 128 ? "the writer's program was " + Confined.status(code) + hint(code - 128, o, ts.size())
                        + " (or it called _exit(" + code + "))"
                : "the writer ended the program with exit code " + code
                        + (code == 66 ? " (the harness's code for a trace it cannot write: did the writer close file descriptor 3?)" : "");
        List<String> printed = UntrustedText.lines(p.output());
        throw new CWriterException(file + ": " + where + ": " + what + (printed.isEmpty() ? ""
                : "; the last line it printed: \"" + UntrustedText.oneLine(printed.getLast()) + "\""));
    }

    /**
     * The writer's CPU time limit: every phase's wall limit together, rounded up (a backstop: the wall limits come
     * first; this one holds should the kill ever come late).
     */
    static long cpuSeconds(long limitMillis, int transitions) {
        long other = Math.max(limitMillis, MIN_OTHER_PHASE_MILLIS);
        return Math.max(1, (limitMillis * transitions + other * (transitions + 2) + 999) / 1000);
    }

    /** What a signal that ended the writer's program most likely means here. */
    private static String hint(int signal, Options o, int transitions) {
        return switch (signal) {
            case 9, 24 -> " (the CPU time limit of " + cpuSeconds(o.timeLimitMillis(), transitions)
                    + " s, the machine's memory, or the writer itself?)";
            case 25 -> " (it wrote to a file: the writer may not write files)";
            default -> "";
        };
    }

    /**
     * Lets the writer, run as another user when hitless runs as root ({@link Confined}), reach its program: the
     * folder searchable (not readable) by others, the program executable by them. The program is started by a
     * relative name from inside the folder, so the folders above it need not be searchable.
     */
    private static void reachableByOthers(Path tmp) throws IOException {
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(tmp.resolve("writer"), PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions here: nothing to open up
        }
    }

    /** Removes {@code dir} and everything in it; what cannot be removed now is removed when the JVM exits. */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    p.toFile().deleteOnExit();
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
