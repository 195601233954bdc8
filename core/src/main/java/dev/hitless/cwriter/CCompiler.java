package dev.hitless.cwriter;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The machine's C compiler: {@code $CC} when set, else the first of {@code cc}, {@code gcc}, {@code clang} found on
 * {@code PATH}. {@code $CC} may name a program on {@code PATH} or a path; only its first word is used (no flags).
 *
 * @param program the compiler's executable
 */
public record CCompiler(Path program) {
    static final List<String> NAMES = List.of("cc", "gcc", "clang");

    /** The compiler of this process's environment; a {@link CWriterException} naming what was looked for when none. */
    public static CCompiler find() {
        return find(System.getenv());
    }

    static CCompiler find(Map<String, String> env) {
        List<String> wanted = new ArrayList<>();
        String cc = env.getOrDefault("CC", "").strip();
        if (!cc.isEmpty()) wanted.add(cc.split("\\s+")[0]);
        wanted.addAll(NAMES);
        for (String w : wanted) {
            Optional<Path> p = resolve(w, env.getOrDefault("PATH", ""));
            if (p.isPresent()) return new CCompiler(p.get());
        }
        throw new CWriterException("no C compiler found: looked for " + (cc.isEmpty() ? "$CC (unset), " : "$CC (" + cc + "), ")
                + String.join(", ", NAMES) + " on PATH; install one (e.g. gcc) or set CC");
    }

    private static Optional<Path> resolve(String name, String path) {
        if (name.contains(File.separator)) {
            Path p = Path.of(name);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
