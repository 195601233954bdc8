package dev.hitless.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The output files of one run (reports and saved plans: {@code --json}, {@code --junit-xml}, {@code --html},
 * {@code --save-plan}), written all or none.
 *
 * <p>Each is {@linkplain #add declared} before the run, so a mistake costs no run: a name that cannot be a file, a
 * folder, a place under a regular file, two outputs naming one file (after symbolic links, and hard links where
 * the file exists), an output naming one of the run's input files, or {@code -} twice, is a {@link BadInput}.
 * {@code -} means standard output for every option: that output is printed instead of the command's text.
 *
 * <p>{@link #publish} then writes them in two phases. First every regular target gets a temporary file of its own
 * name in a new folder beside it (so the longest name a file system takes works, and a name it refuses fails before
 * anything is replaced; the target's permissions when it exists), creating missing folders; a target that is a character device, a FIFO or another special file is
 * written directly, never replaced (a FIFO blocks until something reads it, as a shell redirection does). Then
 * standard output is printed and flushed. Only when all of that worked is each temporary file renamed over its
 * target, atomically, and the temporary folders go. Invariant: should anything fail before the renames (a write, a
 * full disk, standard output closed), every temporary file and every folder this run created is removed, so a failing run leaves each output
 * as it found it. A symbolic link is written through: the file it points to is the target, the link stays.
 */
final class ReportFiles {
    /** Links followed before giving up, as the kernel does (ELOOP). */
    private static final int MAX_LINKS = 40;

    /** One declared output: the option, the name as typed, and the file it resolves to (null for standard output). */
    private record Output(String option, String name, Path target) {
        boolean toStdout() {
            return target == null;
        }
    }

    private final Map<String, Output> outputs = new LinkedHashMap<>();
    private final Map<Path, String> inputs = new LinkedHashMap<>();

    /** Declares {@code option}'s output {@code name} (null: not given); see the class comment for what is refused. */
    ReportFiles add(String option, String name) {
        if (name == null) return this;
        Output o = new Output(option, name, "-".equals(name) ? null : target(option, name));
        for (Output other : outputs.values()) {
            if (o.toStdout() && other.toStdout()) {
                throw new BadInput(other.option() + " and " + option + " both write to standard output (-); give one of them a file");
            }
            if (!o.toStdout() && !other.toStdout() && sameFile(o.target(), other.target())) {
                throw new BadInput(other.option() + " and " + option + " both name " + o.target() + "; give each output its own file");
            }
        }
        for (var in : inputs.entrySet()) {
            if (!o.toStdout() && sameFile(o.target(), in.getKey())) {
                throw new BadInput(option + ": " + name + " is the " + in.getValue() + " this run reads; give the output another name");
            }
        }
        outputs.put(option, o);
        return this;
    }

    /**
     * Declares a file the run reads ({@code what} names it in the error), which no output may name: call it before
     * {@link #add}.
     */
    ReportFiles input(String what, Path file) {
        inputs.put(resolveLinks(file.toAbsolutePath().normalize()), what);
        return this;
    }

    /** {@link #input} for an option's value that names an existing file (a plan or attach file, not a built-in's name). */
    ReportFiles inputIfFile(String what, String nameOrPath) {
        try {
            Path p = Path.of(nameOrPath);
            if (!nameOrPath.isBlank() && Files.isRegularFile(p)) input(what + " file " + nameOrPath, p);
        } catch (InvalidPathException e) {
            // not a file name: the option's own check reports it
        }
        return this;
    }

    boolean has(String option) {
        return outputs.containsKey(option);
    }

    /** True when an output goes to standard output instead of the command's text. */
    boolean stdoutTaken() {
        return outputs.values().stream().anyMatch(Output::toStdout);
    }

    /**
     * Writes every declared output, the text of each from {@code texts} (by option), and prints the command's text
     * with {@code printText} unless an output took standard output; all or none (class comment). A failure is a
     * {@link BadInput}; any other exception passes through, also leaving every output as it was.
     */
    void publish(PrintWriter out, Map<String, Supplier<String>> texts, Runnable printText) {
        List<Path> createdFolders = new ArrayList<>();
        Map<Path, Path> staged = new LinkedHashMap<>(); // target -> its temporary file
        boolean done = false;
        try {
            String stdoutText = null;
            Map<Output, String> special = new LinkedHashMap<>();
            for (Output o : outputs.values()) {
                String text = texts.get(o.option()).get();
                if (o.toStdout()) stdoutText = text;
                else if (isSpecial(o.target())) special.put(o, text);
                else staged.put(o.target(), guarded(o, () -> stage(o, text, createdFolders)));
            }
            for (var e : special.entrySet()) guarded(e.getKey(), () -> writeDirectly(e.getKey(), e.getValue()));
            if (stdoutText != null) out.print(stdoutText);
            else printText.run();
            out.flush();
            if (out.checkError()) throw new BadInput("cannot write to standard output (closed, or a full disk?)");
            for (Output o : outputs.values()) {
                if (staged.containsKey(o.target())) guarded(o, () -> move(staged.get(o.target()), o.target()));
            }
            done = true;
        } finally {
            for (Path tmp : staged.values()) {
                if (!done) deleteQuietly(tmp);
                deleteQuietly(tmp.getParent());
            }
            if (!done) for (Path d : createdFolders.reversed()) deleteQuietly(d);
        }
    }

    private interface Write<T> {
        T run() throws IOException;
    }

    /** Runs one output's write; an I/O error is a {@link BadInput} naming the option, the file and the reason. */
    private static <T> T guarded(Output o, Write<T> w) {
        try {
            return w.run();
        } catch (IOException e) {
            String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
            throw new BadInput(o.option() + ": cannot write " + o.name() + (reason == null ? "" : ": " + reason));
        }
    }

    // ---- before the run ----------------------------------------------------------------------------------------

    /**
     * The file {@code name} names, links followed: not empty, not a folder, under a folder (or where one can be
     * created), not under a regular file.
     */
    private static Path target(String option, String name) {
        if (name.isBlank()) throw new BadInput(option + ": expected a file name, found an empty one");
        Path p;
        try {
            p = resolveLinks(Path.of(name).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            throw new BadInput(option + ": '" + name + "' is not a file name: " + e.getReason());
        }
        if (p == null) throw new BadInput(option + ": " + name + ": too many levels of symbolic links");
        if (Files.isDirectory(p)) throw new BadInput(option + ": " + name + " is a directory; expected a file name");
        for (Path d = p.getParent(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d)) break;
            if (Files.exists(d, LinkOption.NOFOLLOW_LINKS)) throw new BadInput(option + ": cannot write " + name + ": " + d + " is not a directory");
        }
        return p;
    }

    /** {@code p} with every symbolic link in its last component followed (the folders above are the kernel's); null on a loop. */
    private static Path resolveLinks(Path p) {
        for (int i = 0; i < MAX_LINKS; i++) {
            if (!Files.isSymbolicLink(p)) return p;
            try {
                Path link = Files.readSymbolicLink(p);
                p = p.resolveSibling(link).normalize();
            } catch (IOException e) {
                return p; // unreadable link: the write will say why
            }
        }
        return null;
    }

    private static boolean sameFile(Path a, Path b) {
        if (a.equals(b)) return true;
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    // ---- the writes --------------------------------------------------------------------------------------------

    private static boolean isSpecial(Path p) {
        return Files.exists(p) && !Files.isRegularFile(p) && !Files.isDirectory(p);
    }

    /** Writes {@code text} to a new temporary file beside the target, creating (and recording) missing folders. */
    private static Path stage(Output o, String text, List<Path> createdFolders) throws IOException {
        Path dir = o.target().getParent();
        List<Path> missing = new ArrayList<>();
        for (Path d = dir; d != null && !Files.isDirectory(d); d = d.getParent()) missing.addFirst(d);
        for (Path d : missing) {
            Files.createDirectory(d);
            createdFolders.add(d);
        }
        // the temporary file has the target's own name, in a new folder beside it: a name the file system refuses
        // fails here, before anything is replaced (not Files.createTempFile: that makes the file owner-only, and
        // the report keeps the temporary's mode)
        Path folder = Files.createDirectory(dir.resolve(".hitless-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())));
        Path tmp = folder.resolve(o.target().getFileName());
        try {
            Files.writeString(tmp, text, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            deleteQuietly(folder);
            throw e;
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(o.target());
            Files.setPosixFilePermissions(tmp, mode);
        } catch (IOException | UnsupportedOperationException e) {
            // a new target, or no POSIX modes here: the temporary's own mode stays
        }
        return tmp;
    }

    /** Writes to a device, FIFO or other special file in place: it is opened, never created, replaced or removed. */
    private static Void writeDirectly(Output o, String text) throws IOException {
        try (OutputStream s = Files.newOutputStream(o.target(), StandardOpenOption.WRITE)) {
            s.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    private static Void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING); // same directory: a rename wherever renames exist
        }
        return null;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort (a folder someone else filled stays): the error the user sees is the one that stopped the run
        }
    }
}
