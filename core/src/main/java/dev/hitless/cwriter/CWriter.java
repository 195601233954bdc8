package dev.hitless.cwriter;

import dev.hitless.entry.Entry;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Records a kernel-style entry writer written in C: compiles the user's file together with the shim
 * ({@code c/hitless.h}, {@code c/hitless_harness.c}, shipped in this jar as {@code dev/hitless/cwriter/shim/}) into a
 * temporary directory, runs the program once with every transition on its stdin and reads back what it recorded
 * ({@link Trace}, format in {@code c/README.md}).
 *
 * <p>Compiled as {@code CC -std=gnu11 -O1 -Wall -DHITLESS_ENTRY_QWORDS=N [-I DIR]... -I TMP -include TMP/hitless.h
 * -o TMP/writer FILE TMP/hitless_harness.c [TMP/hitless_entry.c]}, N the transitions' entry width (the harness's live
 * entry and its input lines have N qwords), the last file a generated {@code hitless_writer} that calls the function
 * {@code --entry} names; warnings are shown to nobody and fail nothing. The program gets the
 * per-transition time limit as its argument, and the whole run gets that limit times the number of transitions plus
 * {@value #SLACK_MILLIS} ms. Failures are {@link CWriterException}s, one line each: the compiler's first error, or
 * the harness's line naming the transition (crash, time limit, write outside the entry). The temporary directory is
 * removed in every case (and, should that fail, marked for deletion on exit).
 */
public final class CWriter {
    private CWriter() {
    }

    /** The shim files, in the class path under {@code dev/hitless/cwriter/shim/} (copied there from {@code c/}). */
    static final List<String> SHIM = List.of("hitless.h", "hitless_harness.c");
    static final long COMPILE_LIMIT_MILLIS = 120_000, SLACK_MILLIS = 10_000;
    /** A C identifier: what {@code --entry} may name. */
    public static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HARNESS_LINE = Pattern.compile("(?m)^hitless-harness: transition (\\d+): (.*)$");

    /**
     * How to build and run the writer.
     *
     * @param includeDirs extra folders searched for headers ({@code -I}), before the shim's
     * @param entry the writer function's name, {@code hitless_writer} by default
     * @param timeLimitMillis how long the writer may take on one transition
     * @param tempRoot where the temporary directory is made (tests give their own, to see it removed)
     */
    public record Options(List<Path> includeDirs, String entry, long timeLimitMillis, Path tempRoot) {
        public static final String DEFAULT_ENTRY = "hitless_writer";
        public static final long DEFAULT_TIME_LIMIT_MILLIS = 2000;

        public Options {
            includeDirs = List.copyOf(includeDirs);
            if (!IDENTIFIER.matcher(entry).matches()) throw new IllegalArgumentException("not a C identifier: " + entry);
            if (timeLimitMillis <= 0) throw new IllegalArgumentException("time limit " + timeLimitMillis + " ms");
        }

        public static Options defaults() {
            return new Options(List.of(), DEFAULT_ENTRY, DEFAULT_TIME_LIMIT_MILLIS, Path.of(System.getProperty("java.io.tmpdir")));
        }
    }

    /**
     * The writer in {@code file}, compiled with {@code cc} and run on every transition, in order.
     *
     * @param transitions at least one; all of one entry width (one format's)
     */
    public static List<Recording> record(CCompiler cc, Path file, List<Transition> transitions, Options o) {
        int qwords = transitions.getFirst().current().qwords();
        for (Transition t : transitions) {
            if (t.current().qwords() != qwords || t.target().qwords() != qwords) {
                throw new IllegalArgumentException("transitions of entries of more than one width: " + t.name());
            }
        }
        Path tmp;
        try {
            tmp = Files.createTempDirectory(o.tempRoot(), "hitless-c-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tmp.toFile().deleteOnExit();
        try {
            for (String s : SHIM) copyShim(s, tmp.resolve(s));
            compile(cc, file, tmp, o, qwords);
            return run(file, tmp, transitions, o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording " + file, e);
        } finally {
            delete(tmp);
        }
    }

    private static void copyShim(String name, Path to) throws IOException {
        try (InputStream in = CWriter.class.getResourceAsStream("shim/" + name)) {
            if (in == null) throw new IllegalStateException("shim file " + name + " missing from the class path (build it with Maven)");
            Files.copy(in, to);
        }
    }

    private static void compile(CCompiler cc, Path file, Path tmp, Options o, int qwords) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(cc.program().toString(), "-std=gnu11", "-O1", "-Wall",
                "-DHITLESS_ENTRY_QWORDS=" + qwords));
        for (Path d : o.includeDirs()) cmd.addAll(List.of("-I", d.toString()));
        cmd.addAll(List.of("-I", tmp.toString(), "-include", tmp.resolve("hitless.h").toString()));
        cmd.addAll(List.of("-o", tmp.resolve("writer").toString(), file.toString(), tmp.resolve("hitless_harness.c").toString()));
        if (!o.entry().equals(Options.DEFAULT_ENTRY)) {
            Path glue = Files.writeString(tmp.resolve("hitless_entry.c"), "void " + o.entry()
                    + "(__le64 *entry, const __le64 *target);\nvoid hitless_writer(__le64 *entry, const __le64 *target)\n{\n\t"
                    + o.entry() + "(entry, target);\n}\n");
            cmd.add(glue.toString());
        }
        Path log = tmp.resolve("cc.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(COMPILE_LIMIT_MILLIS, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
            throw new CWriterException(file + ": the C compiler " + cc.program() + " did not finish within "
                    + COMPILE_LIMIT_MILLIS / 1000 + " s");
        }
        if (p.exitValue() != 0) {
            String text = Files.readString(log, StandardCharsets.UTF_8).replace(tmp + "/", "");
            throw new CWriterException(compileError(file, text, o.entry(), p.exitValue()));
        }
    }

    /** One line from the compiler's output: the first error as it prints it (file:line:column: error: ...). */
    static String compileError(Path file, String output, String entry, int code) {
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.stream().anyMatch(l -> l.contains("undefined reference to `" + entry + "'"))) {
            return file + " defines no writer function " + entry + " (void " + entry
                    + "(__le64 *entry, const __le64 *target), not static)" + (entry.equals(Options.DEFAULT_ENTRY)
                    ? "; name yours with --entry NAME" : "");
        }
        Optional<String> undefined = lines.stream().filter(l -> l.contains("undefined reference to")).findFirst();
        if (undefined.isPresent()) {
            String l = undefined.get();
            return file + " does not link: " + l.substring(l.indexOf("undefined reference to"))
                    + " (define it in the file, or in a stub header passed with --include-dir)";
        }
        Optional<String> error = lines.stream().filter(l -> l.contains("error:") && !l.startsWith("collect2")).findFirst();
        return file + " does not compile: " + error.or(() -> lines.stream().findFirst())
                .orElse("the compiler exited with code " + code + " and printed nothing");
    }

    private static List<Recording> run(Path file, Path tmp, List<Transition> transitions, Options o)
            throws IOException, InterruptedException {
        StringBuilder in = new StringBuilder();
        for (int id = 0; id < transitions.size(); id++) {
            Transition t = transitions.get(id);
            in.append(id);
            for (Entry e : List.of(t.current(), t.target())) {
                for (int q = 0; q < e.qwords(); q++) in.append(' ').append(Long.toHexString(e.qword(q)));
            }
            in.append('\n');
        }
        Path input = Files.writeString(tmp.resolve("transitions.txt"), in);
        Path trace = tmp.resolve("trace.txt"), err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(tmp.resolve("writer").toString(), Long.toString(o.timeLimitMillis()))
                .directory(tmp.toFile()).redirectInput(input.toFile()).redirectOutput(trace.toFile()).redirectError(err.toFile())
                .start();
        long total = o.timeLimitMillis() * transitions.size() + SLACK_MILLIS;
        if (!p.waitFor(total, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
            throw new CWriterException(file + ": the writer did not finish its " + transitions.size()
                    + " transitions within " + total + " ms");
        }
        String output = Files.readString(trace, StandardCharsets.UTF_8);
        int code = p.exitValue();
        if (code == 0) return Trace.parse(output, transitions, file.toString());
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Matcher m = HARNESS_LINE.matcher(stderr);
        if (code >= 65 && code <= 71 && m.find()) {
            throw new CWriterException(file + ": on transition " + transitions.get(Integer.parseInt(m.group(1))).name()
                    + ": " + m.group(2));
        }
        if (code == 64) throw new IllegalStateException("the harness rejected its input: " + stderr.strip());
        String last = "its start";
        Matcher begin = Pattern.compile("(?m)^begin (\\d+)$").matcher(output);
        while (begin.find()) last = "transition " + transitions.get(Integer.parseInt(begin.group(1))).name();
        throw new CWriterException(file + ": the writer ended the program with exit code " + code + " during " + last);
    }

    /** Removes {@code dir} and everything in it; what cannot be removed now is removed when the JVM exits. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    p.toFile().deleteOnExit();
                }
            }
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
