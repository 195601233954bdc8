package dev.hitless.ktree;

import dev.hitless.cwriter.CWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A driver's entry writer taken from an unmodified kernel tree and written, with hitless's glue, as one C file that
 * {@code c-check} compiles against the shim and records like any other: {@link #prepare}. The file and everything
 * it needs are written into a folder of their own, which {@link Prepared#close()} removes.
 */
public final class KernelTree {
    private KernelTree() {
    }

    /** The largest source file read. */
    static final long MAX_FILE_BYTES = 16 << 20;

    /**
     * What {@link #prepare} made.
     *
     * @param source the C file: the taken definitions and the glue
     * @param includeDirs folders for the compiler ({@code -I}): empty stand-ins for the kernel headers that files
     *     compiled whole include, and the tree, where they are found
     * @param defines the configuration, for the compiler
     * @param label how messages name the writer: the driver and the tree
     * @param format the entry format's name
     * @param notes lines for the report: the definitions taken, the tracepoints compiled out
     */
    public record Prepared(Path folder, Path source, List<Path> includeDirs, List<String> defines, String label,
                           String format, List<String> notes) implements AutoCloseable {
        @Override
        public void close() {
            CWriter.delete(folder);
        }
    }

    /**
     * The driver {@code named} as the tree at {@code tree} (as the user typed it) has it: {@code intel-pasid} on a
     * tree with neither file of the entry_sync library is the tree's own PASID write paths ({@link IntelPasidGlue});
     * every other driver is itself.
     */
    public static Driver driverIn(String tree, Driver named) {
        if (!named.name().equals(IntelPasidGlue.DRIVER.name()) || named.wholeFiles().isEmpty()) return named;
        try {
            Path root = Path.of(tree);
            for (String f : named.wholeFiles()) if (Files.exists(root.resolve(f))) return named;
        } catch (java.nio.file.InvalidPathException e) {
            return named; // prepare says what is wrong with the name
        }
        return IntelPasidGlue.DRIVER;
    }

    /**
     * Takes {@code driver}'s writer from the tree at {@code tree} (as the user typed it) into a new folder under
     * {@code tempRoot}.
     *
     * @param defines {@code -D} options: {@code NAME} (defined as 1) or {@code NAME=VALUE}, after the driver's
     *     default configuration (a value given here replaces the default's)
     * @param env the environment, for {@code $CTAGS} and {@code PATH}
     * @throws KernelTreeException one line naming the tree, file or function and what was expected; nothing is left
     *     behind
     */
    public static Prepared prepare(String tree, Driver driver, List<String> defines, Path tempRoot, Map<String, String> env) {
        Path root = folder(tree);
        driver = driverIn(tree, driver);
        for (String f : driver.files()) if (!driver.optional().contains(f) || Files.exists(root.resolve(f))) file(tree, root, f, driver);
        for (String f : driver.wholeFiles()) file(tree, root, f, driver);
        Map<String, Macro> config = new LinkedHashMap<>();
        driver.config().forEach((k, v) -> config.put(k, new Macro(k, null, v, "#define " + k + " " + v, 0, 0)));
        for (String d : defines) {
            int eq = d.indexOf('=');
            String k = eq < 0 ? d : d.substring(0, eq), v = eq < 0 ? "1" : d.substring(eq + 1);
            config.put(k, new Macro(k, null, v, "#define " + k + " " + v, 0, 0));
        }
        Path ctags = Ctags.find(env);
        Path dir;
        try {
            dir = Files.createTempDirectory(tempRoot, "hitless-c-tree-").toAbsolutePath();
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new KernelTreeException("cannot make a folder in " + tempRoot + ": " + e.getMessage());
        }
        dir.toFile().deleteOnExit();
        try {
            return prepare(tree, root, driver, config, ctags, dir);
        } catch (IOException e) {
            CWriter.delete(dir);
            throw new KernelTreeException("cannot use the folder " + dir + ": " + e.getMessage());
        } catch (RuntimeException e) {
            CWriter.delete(dir);
            throw e;
        }
    }

    private static Prepared prepare(String tree, Path root, Driver driver, Map<String, Macro> config, Path ctags, Path dir)
            throws IOException {
        // the files compiled whole, and the tree's headers they include by quotes: scanned for their names and includes
        List<String> whole = new ArrayList<>();
        Set<String> angled = new LinkedHashSet<>();
        List<Extraction.ScannedFile> wholeScans = new ArrayList<>();
        for (String f : driver.wholeFiles()) collect(tree, root, f, config, whole, angled, wholeScans);
        List<Extraction.ScannedFile> scans = new ArrayList<>();
        for (String f : driver.files()) {
            if (driver.optional().contains(f) && !Files.exists(root.resolve(f))) continue;
            scans.add(Extraction.ScannedFile.of(f, shown(tree, f), CScanner.scan(shown(tree, f), read(tree, root, f), config)));
        }
        // ctags reads the active text of every file, in a copy with the same path
        Path active = dir.resolve("active");
        List<String> all = new ArrayList<>();
        for (Extraction.ScannedFile s : concat(scans, wholeScans)) {
            Path p = active.resolve(s.rel());
            Files.createDirectories(p.getParent());
            Files.writeString(p, s.scan().activeText());
            all.add(s.rel());
        }
        List<Definition> defs = Ctags.definitions(ctags, active, all);

        Set<String> excluded = new HashSet<>(Shim.names());
        Set<String> wholeRels = new HashSet<>(whole);
        for (Definition d : defs) {
            if (wholeRels.contains(d.file())) excluded.add(d.isTag() ? d.kind() + " " + d.name() : d.name());
        }
        for (Extraction.ScannedFile s : wholeScans) for (Macro m : s.scan().macros()) excluded.add(m.name());

        Extraction x = new Extraction(scans, defs, excluded);
        Driver.Parts parts = driver.glue().parts(x, driver);
        x.exclude(parts.overrides());
        x.take(parts.roots());

        StringBuilder c = new StringBuilder();
        c.append("/* hitless c-check --kernel-tree ").append(tree).append(" --driver ").append(driver.name())
                .append(": the writer's definitions, taken from the tree unchanged, and hitless's glue (generated) */\n");
        // the kernel builds with -Wno-pointer-sign (u128 and __int128 pointers are mixed in the DTE writer)
        c.append("#pragma GCC diagnostic ignored \"-Wpointer-sign\"\n");
        for (String w : driver.wholeFiles()) c.append("#include \"").append(Extraction.escape(w)).append("\"\n");
        c.append(parts.prelude());
        c.append(x.text());
        c.append("#line 1 \"hitless glue for ").append(driver.name()).append("\"\n").append(parts.code());
        Path source = Files.writeString(dir.resolve(driver.name() + ".c"), c);

        List<Path> includes = new ArrayList<>();
        if (!driver.wholeFiles().isEmpty()) {
            Path stubs = dir.resolve("kernel-headers");
            for (String h : angled) {
                Path p = stubs.resolve(h).normalize();
                if (!p.startsWith(stubs)) continue;
                Files.createDirectories(p.getParent());
                if (!Files.exists(p)) Files.writeString(p, "/* an empty stand-in written by hitless: the shim defines what the writer uses */\n");
            }
            Files.createDirectories(stubs);
            includes.add(stubs);
            includes.add(root);
        }
        List<String> defines = new ArrayList<>();
        for (Macro m : config.values()) defines.add(m.name() + "=" + m.body());
        List<String> notes = new ArrayList<>();
        Map<String, Integer> counts = x.counts();
        notes.add("taken from " + tree + ": " + String.join(", ", counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey() + (e.getValue() == 1 ? "" : "s")).toList())
                + (driver.wholeFiles().isEmpty() ? "" : "; compiled whole: " + String.join(", ", driver.wholeFiles())));
        if (!x.tracepoints().isEmpty()) notes.add("tracepoints compiled out: " + String.join(", ", x.tracepoints()));
        if (driver != Driver.named(driver.name())) notes.add("writer: " + driver.about().replaceFirst("^[^:]*: ", ""));
        return new Prepared(dir, source, includes, defines, driver.name() + " from " + tree, driver.format(), notes);
    }

    private static List<Extraction.ScannedFile> concat(List<Extraction.ScannedFile> a, List<Extraction.ScannedFile> b) {
        List<Extraction.ScannedFile> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    /** A file compiled whole, and the tree's files it includes by quotes (next to it), recursively. */
    private static void collect(String tree, Path root, String rel, Map<String, Macro> config, List<String> seen,
                                Set<String> angled, List<Extraction.ScannedFile> scans) {
        if (seen.contains(rel) || seen.size() > 64) return;
        seen.add(rel);
        CScanner.Scan s = CScanner.scan(shown(tree, rel), read(tree, root, rel), config);
        scans.add(Extraction.ScannedFile.of(rel, shown(tree, rel), s));
        for (CScanner.Include i : s.includes()) {
            if (i.angled()) {
                angled.add(i.name());
                continue;
            }
            Path parent = Path.of(rel).getParent();
            String next = (parent == null ? Path.of(i.name()) : parent.resolve(i.name())).normalize().toString();
            if (!next.startsWith("..") && Files.isRegularFile(root.resolve(next))) collect(tree, root, next, config, seen, angled, scans);
        }
    }

    static String shown(String tree, String rel) {
        return tree.endsWith("/") ? tree + rel : tree + "/" + rel;
    }

    private static Path folder(String tree) {
        Path p;
        try {
            p = Path.of(tree);
        } catch (InvalidPathException e) {
            throw new KernelTreeException("--kernel-tree: '" + tree + "' is not a folder name: " + e.getReason());
        }
        if (tree.isBlank()) throw new KernelTreeException("--kernel-tree: expected the top folder of a kernel tree, found an empty name");
        if (!Files.exists(p)) throw new KernelTreeException("--kernel-tree " + tree + ": no such folder; expected the top folder of a kernel tree");
        if (!Files.isDirectory(p)) throw new KernelTreeException("--kernel-tree " + tree + " is not a folder; expected the top folder of a kernel tree");
        return p;
    }

    private static void file(String tree, Path root, String rel, Driver d) {
        Path p = root.resolve(rel);
        if (!Files.exists(p) && d.wholeFiles().contains(rel)) {
            throw new KernelTreeException(shown(tree, rel) + ": no such file; " + d.name() + " takes " + d.about().replaceFirst("^[^:]*: ", "")
                    + ", which this tree does not have (an older writer is not taken from a tree with part of the library;"
                    + " a tree with none of it takes its own writer)");
        }
        if (!Files.exists(p)) {
            throw new KernelTreeException(shown(tree, rel) + ": no such file; expected the " + d.name() + " driver's source there"
                    + " (is " + tree + " the top of a kernel tree with " + d.about().replaceFirst(":.*", "") + "?)");
        }
        if (!Files.isRegularFile(p)) throw new KernelTreeException(shown(tree, rel) + " is not a regular file; expected the " + d.name() + " driver's source");
        if (!Files.isReadable(p)) throw new KernelTreeException(shown(tree, rel) + " is not readable");
    }

    private static String read(String tree, Path root, String rel) {
        Path p = root.resolve(rel);
        try {
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p)) {
                throw new KernelTreeException(shown(tree, rel) + " is not a regular file");
            }
            if (Files.size(p) > MAX_FILE_BYTES) {
                throw new KernelTreeException(shown(tree, rel) + " is larger than " + (MAX_FILE_BYTES >> 20) + " MiB; expected a C source file");
            }
            byte[] b = Files.readAllBytes(p);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(b)).toString().replace("\r\n", "\n");
        } catch (IOException e) {
            throw new KernelTreeException(shown(tree, rel) + ": cannot read it: " + e.getMessage());
        }
    }
}
