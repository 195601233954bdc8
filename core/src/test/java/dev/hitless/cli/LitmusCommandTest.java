package dev.hitless.cli;

import dev.hitless.cli.CliTest.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code hitless litmus} without herd7: what it prints and writes, and what it refuses. */
class LitmusCommandTest {
    @TempDir
    Path dir;

    static final List<String> SHOWCASE = List.of("litmus", "--format", "smmu-ste", "--from", "s2-vmid1", "--to", "s2-vmid1-ttb-b",
            "--ordering", "used-bits-64-no-wmb");

    static Run run(Map<String, String> env, List<String> args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), env).execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    static List<String> with(List<String> base, String... more) {
        return Stream.concat(base.stream(), Stream.of(more)).toList();
    }

    @Test
    void printsOneTestPerWindowThatChangesTheEntry() {
        Run r = CliTest.run(SHOWCASE.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("AArch64 smmu-ste+s2-vmid1+s2-vmid1-ttb-b+used-bits-64-no-wmb+w0\n"), r.out());
        assertTrue(r.out().contains("(* window 1 changes nothing: no store races the fetch, no test *)"), r.out());
    }

    @Test
    void writesTestsIntoAFolder() throws Exception {
        Path out = dir.resolve("new").resolve("litmus");
        Run r = CliTest.run(with(SHOWCASE, "-o", out.toString()).toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertEquals("wrote 1 litmus tests to " + out + "\n", r.out());
        assertTrue(Files.readString(out.resolve("smmu-ste+s2-vmid1+s2-vmid1-ttb-b+used-bits-64-no-wmb+w0.litmus")).startsWith("AArch64 "));
    }

    @Test
    void matrixWritesDistinctTestsAndAnIndex() throws Exception {
        Path out = dir.resolve("m");
        Run r = CliTest.run("litmus", "--matrix", "--format", "smmu-cd", "--ordering", "used-bits-64", "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> index = Files.readAllLines(out.resolve("index.txt"));
        long files;
        try (var s = Files.list(out)) {
            files = s.filter(p -> p.toString().endsWith(".litmus")).count();
        }
        assertTrue(files > 1 && files < index.size(), files + " files for " + index.size() + " windows");
        for (String line : index) assertTrue(Files.isRegularFile(out.resolve(line.split(" ")[1])), line);
    }

    @Test
    void refusesWhatHerd7CannotState() {
        CliTest.badInput(CliTest.run(with(SHOWCASE, "--reader", "sticky").toArray(String[]::new)), "sticky");
        CliTest.badInput(CliTest.run("litmus", "--format", "amd-dte", "--from", "cleared", "--to", "blocked", "--ordering",
                "amd-2009-v-first"), "32-bit store");
    }

    @Test
    void refusesOptionsThatDoNotGoTogether() {
        CliTest.badInput(CliTest.run("litmus", "--matrix", "--format", "smmu-cd", "--from", "cleared"), "--from");
        CliTest.badInput(CliTest.run(with(SHOWCASE, "--mutants").toArray(String[]::new)), "--mutants");
        CliTest.badInput(CliTest.run(with(SHOWCASE, "--time").toArray(String[]::new)), "--herd7");
        CliTest.badInput(CliTest.run("litmus", "--format", "all", "--from", "a", "--to", "b", "--ordering", "used-bits-64"), "--matrix");
        CliTest.badInput(CliTest.run("litmus", "--format", "smmu-ste", "--ordering", "used-bits-64"), "--from");
    }

    @Test
    void noHerd7IsOneLineAndWritesNothing() throws Exception {
        Path out = dir.resolve("none");
        Run r = run(Map.of("PATH", dir.toString()), with(SHOWCASE, "--herd7", "-o", out.toString()));
        CliTest.badInput(r, "no herd7 found");
        assertTrue(r.err().contains("HERD7"), r.err());
        assertFalse(Files.exists(out));
        Run named = run(Map.of("HERD7", dir.resolve("herd7").toString()), with(SHOWCASE, "--herd7"));
        CliTest.badInput(named, "no herd7 found");
    }

    @Test
    void outputThatIsNoFolderIsRefusedBeforeAnyWork() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "keep");
        CliTest.badInput(CliTest.run(with(SHOWCASE, "-o", file.toString()).toArray(String[]::new)), "not a folder");
        assertEquals("keep", Files.readString(file));
        CliTest.badInput(CliTest.run(with(SHOWCASE, "-o", " ").toArray(String[]::new)), "-o");
    }
}
