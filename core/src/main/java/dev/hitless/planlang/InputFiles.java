package dev.hitless.planlang;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What an input file (a plan file, an attach file, a C source) is when it is not a regular file: reading a FIFO
 * waits for a writer that may never come, reading a device may never end, so such a name is refused at once, before
 * anything opens it. Symbolic links are followed.
 */
public final class InputFiles {
    private InputFiles() {
    }

    /** The largest input file read (a plan or attach file is a few kilobytes; this only bounds memory). */
    public static final long MAX_BYTES = 16L << 20;

    /**
     * Empty for a regular file; else what {@code p} is, as a message says it: "a FIFO", "a character device", "a
     * block device", "a socket", "a directory", "a file larger than 16 MiB" or "no such file".
     */
    public static Optional<String> problem(Path p) {
        if (Files.isDirectory(p)) return Optional.of("a directory");
        if (!Files.exists(p)) return Optional.of("no such file");
        if (Files.isRegularFile(p)) {
            try {
                return Files.size(p) > MAX_BYTES ? Optional.of("a file larger than " + (MAX_BYTES >> 20) + " MiB") : Optional.empty();
            } catch (IOException e) {
                return Optional.empty(); // the read says why
            }
        }
        int type;
        try {
            type = ((Integer) Files.getAttribute(p, "unix:mode")) & 0170000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.of("not a regular file");
        }
        return Optional.of(switch (type) {
            case 0010000 -> "a FIFO";
            case 0020000 -> "a character device";
            case 0060000 -> "a block device";
            case 0140000 -> "a socket";
            default -> "not a regular file";
        });
    }
}
