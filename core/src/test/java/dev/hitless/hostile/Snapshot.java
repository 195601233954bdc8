package dev.hitless.hostile;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything under a folder, links not followed: per relative path its type and, for a regular file, its inode,
 * size, modification time and content hash (so a file replaced by a rename, rewritten or touched shows), for a link
 * its target. Two snapshots differ exactly where a run created, removed, replaced or changed something.
 */
record Snapshot(Map<String, String> entries) {
    static Snapshot of(Path root) {
        Map<String, String> m = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                    if (!d.equals(root)) m.put(root.relativize(d).toString(), "dir");
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                    m.put(root.relativize(f).toString(), describe(f, a));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    m.put(root.relativize(f).toString(), "unreadable " + e.getClass().getSimpleName());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Snapshot(m);
    }

    private static String describe(Path f, BasicFileAttributes a) throws IOException {
        if (a.isSymbolicLink()) return "link -> " + Files.readSymbolicLink(f);
        if (a.isOther()) return "special " + Files.getAttribute(f, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) return "other";
        return "file inode=" + a.fileKey() + " size=" + a.size() + " mtime=" + a.lastModifiedTime().toMillis() + " sha=" + sha(f);
    }

    private static String sha(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The relative paths whose entry differs between this snapshot and {@code after}: created, removed or changed. */
    Set<String> changes(Snapshot after) {
        Set<String> all = new TreeSet<>(entries.keySet());
        all.addAll(after.entries.keySet());
        all.removeIf(p -> java.util.Objects.equals(entries.get(p), after.entries.get(p)));
        return all;
    }
}
