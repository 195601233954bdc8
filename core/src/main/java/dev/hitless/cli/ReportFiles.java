package dev.hitless.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Report files a command writes (matrix's {@code --json FILE} and {@code --junit-xml FILE}): all of them whole, or
 * none. Each report goes to a temporary file in its target's directory, and only when every one is written are they
 * moved into place, each with one atomic rename. A run that fails (exit code 2) therefore leaves no file behind and
 * a report of an earlier run untouched; a CI job never reads half a report.
 */
final class ReportFiles {
    private ReportFiles() {
    }

    /**
     * The report file {@code name} names, checked before the run so that a mistake costs no matrix run: not empty,
     * not a directory, and under a directory (or where one can be created), not under a regular file.
     */
    static Path check(String option, String name) {
        if (name.isBlank()) throw new BadInput(option + ": expected a file name, found an empty one");
        Path p;
        try {
            p = Path.of(name).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new BadInput(option + ": '" + name + "' is not a file name: " + e.getReason());
        }
        if (Files.isDirectory(p)) throw new BadInput(option + ": " + name + " is a directory; expected a file name");
        for (Path d = p.getParent(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d)) break;
            if (Files.exists(d)) throw new BadInput(option + ": cannot write " + name + ": " + d + " is not a directory");
        }
        return p;
    }

    /** Writes every report (file to text), all or none; a failure is a {@link BadInput} and removes what it wrote. */
    static void writeAll(Map<Path, String> reports) {
        Map<Path, Path> written = new LinkedHashMap<>(); // target -> its temporary file
        try {
            for (var r : reports.entrySet()) {
                Path target = r.getKey(), dir = target.getParent();
                Files.createDirectories(dir);
                // not Files.createTempFile: that makes the file owner-only, and the report keeps the temporary's mode
                Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
                written.put(target, tmp);
                Files.writeString(tmp, r.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            for (var w : written.entrySet()) move(w.getValue(), w.getKey());
        } catch (IOException e) {
            for (Path tmp : written.values()) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the error below is what the user needs
                }
            }
            String what = e instanceof FileSystemException f ? f.getFile() + (f.getReason() == null ? "" : ": " + f.getReason())
                    : String.valueOf(e.getMessage());
            throw new BadInput("cannot write a report: " + what);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING); // same directory: a rename wherever renames exist
        }
    }
}
