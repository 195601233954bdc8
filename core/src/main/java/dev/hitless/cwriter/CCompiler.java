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
 * {@code PATH}. {@code $CC} may name a program on {@code PATH} or a path; only its first word is used (no flags). A
 * {@code $CC} that is set (not blank) must name an executable file: one that does not exist, is a folder or cannot
 * be executed is an error naming it, never a silent fall-back to {@code cc}.
 *
 * @param program the compiler's executable
 */
public record CCompiler(Path program) {
    static final List<String> NAMES = List.of("cc", "gcc", "clang");

    /** The compiler of this process's environment; a {@link CWriterException} naming what was looked for when none. */
    public static CCompiler find() {
        return find(System.getenv());
    }

    /** The compiler {@code env} selects ({@code CC} and {@code PATH}). */
    public static CCompiler find(Map<String, String> env) {
        String cc = env.getOrDefault("CC", "").strip();
        String path = env.getOrDefault("PATH", "");
        if (!cc.isEmpty()) {
            String name = cc.split("\\s+")[0];
            return resolve(name, path).map(CCompiler::new).orElseThrow(() -> new CWriterException(
                    "$CC is '" + cc + "', but " + name + " " + whyNot(name, path) + "; set CC to a C compiler (e.g. gcc) or unset it"));
        }
        for (String w : NAMES) {
            Optional<Path> p = resolve(w, path);
            if (p.isPresent()) return new CCompiler(p.get());
        }
        throw new CWriterException("no C compiler found: looked for $CC (unset), " + String.join(", ", NAMES)
                + " on PATH; install one (e.g. gcc) or set CC");
    }

    private static Optional<Path> resolve(String name, String path) {
        if (name.contains(File.separator)) {
            Path p = Path.of(name);
            return usable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (usable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static boolean usable(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }

    /** Why {@code name} is no compiler: for a path, what the file is; for a bare name, that PATH lacks it. */
    private static String whyNot(String name, String path) {
        if (!name.contains(File.separator)) return "is no program on PATH";
        Path p = Path.of(name);
        if (Files.isDirectory(p)) return "is a folder";
        if (!Files.exists(p)) return "does not exist";
        if (!Files.isRegularFile(p)) return "is not a regular file";
        return "is not executable";
    }
}
