package dev.hitless.ktree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Universal Ctags (5.9 or newer, built with JSON output, as Debian's {@code universal-ctags}), run once over the
 * active text of every file {@link CScanner} scanned: the definitions and where each ends. Chosen over a parser of
 * our own because ctags is the tool kernel developers already use on this code: it knows C declarators (function
 * pointers, attributes, macros before a name) and reports the extent of each definition; hitless evaluates the
 * preprocessor blocks itself before ctags reads the text (ctags does not know the configuration).
 *
 * <p>{@code $CTAGS} names the program, else {@code ctags} on {@code PATH}; install it with
 * {@code .ci/install-ctags} (Debian: {@code apt-get install universal-ctags}).
 */
final class Ctags {
    private Ctags() {
    }

    static final String HOW_TO_GET = "install Universal Ctags: .ci/install-ctags, or apt-get install universal-ctags, or set $CTAGS";
    static final long LIMIT_MILLIS = 30_000;

    /** The ctags program this environment selects, checked to be Universal Ctags with JSON output. */
    static Path find(Map<String, String> env) {
        String named = env.getOrDefault("CTAGS", "").strip();
        Path program = null;
        if (!named.isEmpty()) {
            Path p = Path.of(named.split("\\s+")[0]);
            if (p.getNameCount() == 1 && !named.contains("/")) p = onPath(named, env);
            if (p == null || !Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new KernelTreeException("$CTAGS is '" + named + "', which is no program; " + HOW_TO_GET);
            }
            program = p;
        } else {
            program = onPath("ctags", env);
            if (program == null) throw new KernelTreeException("c-check --kernel-tree needs ctags, and there is none on PATH; " + HOW_TO_GET);
        }
        return program;
    }

    private static Path onPath(String name, Map<String, String> env) {
        for (String dir : env.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        return null;
    }

    /**
     * The definitions in {@code files} (paths relative to {@code dir}, where ctags runs), in ctags's order.
     */
    static List<Definition> definitions(Path program, Path dir, List<String> files) {
        List<String> cmd = new ArrayList<>(List.of(program.toString(), "--options=NONE", "--language-force=C", "--kinds-C=+p",
                "--fields=+neKsS", "--output-format=json", "-o", "-"));
        cmd.addAll(files);
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new KernelTreeException("cannot run ctags (" + program + "): " + e.getMessage() + "; " + HOW_TO_GET);
        }
        try {
            // stderr is read beside stdout so that neither pipe fills up
            java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            byte[] out = readAll(p.getInputStream());
            if (!p.waitFor(LIMIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new KernelTreeException("ctags (" + program + ") did not finish within " + LIMIT_MILLIS / 1000 + " s");
            }
            String errors = new String(err.join(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                throw new KernelTreeException("ctags (" + program + ") failed with exit code " + p.exitValue()
                        + (errors.isEmpty() ? "" : ": " + errors.lines().findFirst().orElse(""))
                        + " (is it Universal Ctags with JSON output? " + HOW_TO_GET + ")");
            }
            return parse(new String(out, StandardCharsets.UTF_8), program);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelTreeException("interrupted while ctags ran");
        } finally {
            p.destroyForcibly();
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<Definition> parse(String out, Path program) {
        List<Definition> defs = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) continue;
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                throw new KernelTreeException("ctags (" + program + ") printed no JSON (is it Universal Ctags? " + HOW_TO_GET + ")");
            }
            if (!"tag".equals(n.path("_type").asText())) continue;
            defs.add(new Definition(n.path("path").asText(), n.path("kind").asText(), n.path("name").asText(),
                    n.path("line").asInt(), n.path("end").asInt(0), n.hasNonNull("scope") ? n.get("scope").asText() : null,
                    n.hasNonNull("signature") ? n.get("signature").asText() : null));
        }
        return defs;
    }
}
