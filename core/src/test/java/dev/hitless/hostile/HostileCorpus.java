package dev.hitless.hostile;

import dev.hitless.cli.Main;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.planlang.AttachFile;
import dev.hitless.planlang.PlanFile;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The hostile-input corpus of issue 19: a few thousand inputs made here (seeded, so every run makes the same ones)
 * against every command, each run through {@link Main#commandLine} in this one JVM (and, where only a real process
 * shows it, as a subprocess), each in a folder of its own that is compared before and after. What every case must
 * give:
 * <ul>
 *   <li>an exit code of 0, 1, 2 or 4, never 3 (an internal error) or anything else; exit 2 as one line
 *       {@code hitless: error: ...} with no stack trace;</li>
 *   <li>an end within the documented limits: for c-check the compile limit (120 s) plus each transition's time
 *       limit plus, for the start, each gap and the exit, the same but at least 1 s, plus 30 s for the checking; for
 *       every other command 60 s;</li>
 *   <li>no file or folder created, replaced, changed or left behind by a run that fails (exit 2, 3 or 4); a run
 *       that succeeds (exit 0 or 1) changes only the outputs it was given (and the folders above them, and the files
 *       their links name); no temporary file ({@code .hitless-*}) and no c-check build folder left, ever; /dev/null
 *       still a device.</li>
 * </ul>
 * Run it with {@code core/run-hostile-corpus.sh} (docs/hostile-input.md): it prints the counts per outcome, per group
 * and in total, and every violation, and exits 1 when there is one.
 *
 * <p>Groups: {@code options} (every option of every command given hostile values), {@code plans} and
 * {@code attach} (the shipped plan and attach files mutated at random), {@code specs} (configuration specs
 * mutated), {@code outputs} (report files that are devices, FIFOs, links, folders, too long, named twice, or
 * outputs of runs that fail late), {@code c} (the hostile writers of {@link HostileWriters} in variants, writers
 * composed at random from hostile statements, bad compilers), {@code process} (standard output that cannot be
 * written, as a subprocess).
 */
public final class HostileCorpus {
    /** The non-C commands' bound; c-check's is computed per case ({@link #cCheckLimit}). */
    static final long LIMIT_MILLIS = 60_000;
    static final long COMPILE_LIMIT_MILLIS = 120_000;

    /**
     * One input.
     *
     * @param group the generator that made it
     * @param name what it is, for the report
     * @param setup makes the case's files in its folder and returns the command line
     * @param outputs files (relative to the case folder) the command may change when it succeeds
     * @param stdout for a subprocess case, where its standard output goes ({@code /dev/full}, {@code closed}); null: in process
     * @param limitMillis how long it may take
     */
    record Case(String group, String name, Setup setup, Set<String> outputs, String stdout, long limitMillis) {
    }

    /** Makes a case's files in its folder and returns its command line. */
    interface Setup {
        List<String> make(Path dir) throws IOException;
    }

    record Result(Case c, int code, long millis, String err, List<String> violations) {
    }

    private final Path root;
    private final Path cTemp;
    private final Random rnd = new Random(19);
    private final List<Case> cases = new ArrayList<>();
    private final boolean compiler;

    HostileCorpus(Path root) throws IOException {
        this.root = root;
        this.cTemp = Files.createDirectories(root.resolve("c-build"));
        boolean cc;
        try {
            dev.hitless.cwriter.CCompiler.find();
            cc = true;
        } catch (RuntimeException e) {
            cc = false;
        }
        this.compiler = cc;
    }

    public static void main(String[] args) throws Exception {
        String only = null;
        int every = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> only = args[++i];
                case "--every" -> every = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: HostileCorpus [--only GROUP] [--every N]   (N: run every Nth case, for a quick look)");
                    System.exit(2);
                }
            }
        }
        Path root = Files.createTempDirectory("hitless-hostile-");
        System.setProperty("hitless.c.tmpdir", root.resolve("c-build").toString());
        HostileCorpus corpus = new HostileCorpus(root);
        corpus.generate();
        List<Case> chosen = new ArrayList<>();
        for (int i = 0; i < corpus.cases.size(); i++) {
            Case c = corpus.cases.get(i);
            if ((only == null || c.group().equals(only)) && i % every == 0) chosen.add(c);
        }
        System.out.printf("hitless hostile-input corpus: %d cases (%d made), C compiler %s, running as %s%n", chosen.size(),
                corpus.cases.size(), corpus.compiler ? "present" : "absent: the c group is skipped", System.getProperty("user.name"));
        List<Result> results = corpus.run(chosen);
        boolean clean = report(results, System.out);
        if (clean) dev.hitless.hostile.HostileCorpus.deleteTree(root);
        else System.out.println("case folders of the violations kept under " + root);
        corpus.executor.shutdownNow();
        System.exit(clean ? 0 : 1);
    }

    // ---- generation ------------------------------------------------------------------------------------------------

    void generate() throws IOException {
        options();
        plans();
        attach();
        specs();
        outputs();
        if (compiler) c();
        process();
    }

    private void add(String group, String name, Set<String> outputs, Setup setup) {
        cases.add(new Case(group, name, setup, outputs, null, LIMIT_MILLIS));
    }

    /** Valid invocations, one per command; the option cases replace one value in them. */
    static final Map<String, List<String>> BASES = new LinkedHashMap<>();

    static {
        BASES.put("catalogue", List.of("--format", "smmu-cd"));
        BASES.put("describe", List.of("--format", "vtd-pasid", "--config", "fl-did5-a"));
        BASES.put("plan", List.of("--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering", "used-bits-128"));
        BASES.put("check", List.of("--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering", "used-bits-128",
                "--reader", "strict", "--chunk", "128", "--order", "any", "--cache", "none", "--visibility", "barrier-ordered",
                "--require", "safe", "--attach", "vtd-corrected", "--ats", "on", "--html", "out/c.html"));
        BASES.put("matrix", List.of("--format", "smmu-cd", "--ordering", "used-bits-64", "--reader", "strict", "--visibility", "in-order",
                "--require", "safe", "--attach", "vtd-corrected", "--ats", "off", "--json", "out/m.json", "--junit-xml", "out/m.xml",
                "--html", "out/m.html"));
        BASES.put("synthesize", List.of("--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did5-b", "--reader", "strict",
                "--chunk", "128", "--order", "any", "--cache", "none", "--visibility", "in-order", "--require", "hitless",
                "--save-plan", "out/s.plan"));
        BASES.put("mutants", List.of("--format", "smmu-cd", "--reader", "strict", "--visibility", "in-order"));
        BASES.put("example", List.of("used-bits-64"));
    }

    /** What every value is tried as: texts no option should accept, or accepts only by design. */
    static List<String> hostileValues() {
        List<String> v = new ArrayList<>(List.of("", " ", "\t", "-", "--", "-h", "--help", "nul\0char", "\u202Eevil", "\uD83D\uDE00",
                "x".repeat(100_000), "\u0661\u0662\u0668", "\uFF11\uFF12\uFF18", "0x80", "+128", "-128", "128.0", "1e3",
                "99999999999999999999", "IN-ORDER", "a\nb", "%s%n%x", "${jndi:ldap://x}", "../../../../../../etc/passwd", "/dev/zero",
                "/dev/null", "/dev/full", "/proc/self/mem", "/", ".", "fifo", "folder", "dangling-link", "link-loop",
                "r".repeat(255), "r".repeat(256), "regular/x", "\u00e9", "\\", "'", "\"", "*", "?", "~"));
        return v;
    }

    /** The files the hostile value names, made in each case's folder. */
    static void commonFiles(Path d) throws IOException {
        Files.createDirectories(d.resolve("folder"));
        Files.createDirectories(d.resolve("out"));
        mkfifo(d.resolve("fifo"));
        Files.createSymbolicLink(d.resolve("dangling-link"), Path.of("nowhere/target"));
        Files.createSymbolicLink(d.resolve("link-loop"), Path.of("link-loop"));
        Files.writeString(d.resolve("regular"), "a regular file\n");
    }

    static void mkfifo(Path p) throws IOException {
        try {
            if (new ProcessBuilder("mkfifo", p.toString()).start().waitFor() != 0) throw new IOException("mkfifo " + p);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    /** c-check's valid invocation: WRITER and INCLUDE become a copy writer and a folder in the case's folder. */
    static final List<String> C_BASE = List.of("WRITER", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b",
            "--entry", "hitless_writer", "--against", "struct-copy", "--reader", "strict", "--visibility", "in-order", "--require", "safe",
            "--time-limit-ms", "2000", "--include-dir", "INCLUDE", "--save-plan", "out/p.plan", "--json", "out/c.json",
            "--junit-xml", "out/c.xml", "--html", "out/c.html");

    /**
     * c-check's valid invocation on a kernel tree (issue 22): KTREE becomes the fake tree of the test resources
     * (src/test/resources/ktree/linux), read and never written.
     */
    static final List<String> KTREE_BASE = List.of("--kernel-tree", "KTREE", "--driver", "arm-smmu-v3-cd", "--against-tree", "KTREE",
            "-D", "CONFIG_KUNIT", "--from", "s1-asid1", "--to", "s1-asid2");

    /** Whether a ctags is on PATH for c-check --kernel-tree (Universal Ctags: .ci/install-ctags). */
    static boolean ctags() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "ctags"))) return true;
        }
        return false;
    }

    private void options() {
        Map<String, List<String>> bases = new LinkedHashMap<>(BASES);
        if (compiler) bases.put("c-check", C_BASE);
        if (compiler && ctags()) bases.put("c-check --kernel-tree", KTREE_BASE);
        for (var b : bases.entrySet()) {
            String cmd = b.getKey().split(" ")[0];
            List<String> base = b.getValue();
            boolean positional = cmd.equals("example") || b.getKey().equals("c-check");
            for (int i = 0; i < base.size(); i++) {
                boolean isValue = positional ? i % 2 == 0 : i % 2 == 1;
                if (!isValue) continue;
                String option = i == 0 && positional ? (cmd.equals("example") ? "NAME" : "FILE") : base.get(i - 1);
                int at = i;
                for (String v : hostileValues()) {
                    Set<String> may = new java.util.TreeSet<>(outputsOf(base));
                    // an output's relative name lands deep in the case's folder, never in the JVM's folder (the
                    // worktree) nor, through ../, anywhere above the case (see confined)
                    boolean relocate = OUTPUT_OPTIONS.contains(option) && !v.isBlank() && !v.startsWith("/") && !v.equals("-")
                            && !v.contains("\0") && !LOCAL.contains(v);
                    String deep = "out/1/2/3/4/5/6";
                    if (OUTPUT_OPTIONS.contains(option)) {
                        may.addAll(List.of("nowhere", "nowhere/target")); // a dangling link is written through
                        if (LOCAL.contains(v)) may.add(v); // e.g. the longest name, made in the case's folder
                        if (relocate) {
                            for (Path p = Path.of(deep).resolve(v).normalize(); p != null; p = p.getParent()) may.add(p.toString());
                        }
                    }
                    add("options", b.getKey() + " " + option + " " + show(v), may, d -> {
                        commonFiles(d);
                        List<String> a = new ArrayList<>(List.of(cmd));
                        a.addAll(base);
                        a.set(at + 1, relocate ? d.resolve(deep).resolve(v).toString() : v);
                        return inFolder(d, a);
                    });
                }
            }
            for (String extra : List.of("--frobnicate", "-z", "--HELP", "extra", "--", "--json=x", "-")) {
                add("options", b.getKey() + " plus " + extra, outputsOf(base), d -> {
                    commonFiles(d);
                    List<String> a = new ArrayList<>(List.of(cmd));
                    a.addAll(base);
                    a.add(extra);
                    return inFolder(d, a);
                });
            }
        }
    }

    static final Set<String> OUTPUT_OPTIONS = Set.of("--json", "--junit-xml", "--html", "--save-plan");

    /** Output names of a base invocation (relative to the case folder). */
    static Set<String> outputsOf(List<String> args) {
        Set<String> s = new java.util.TreeSet<>();
        for (int i = 0; i + 1 < args.size(); i++) if (OUTPUT_OPTIONS.contains(args.get(i))) s.add(args.get(i + 1));
        return s;
    }

    /**
     * The command line with every relative file name made absolute under the case folder (the JVM's folder is not
     * the case's): the output names of the bases, and the hostile values that name files made by {@link #commonFiles}.
     */
    static List<String> inFolder(Path d, List<String> a) throws IOException {
        if (a.contains("WRITER")) {
            Files.copy(Path.of(HostileCorpus.class.getResource("/c/copy-writer.c").getPath()), d.resolve("w.c"));
        }
        List<String> out = new ArrayList<>();
        for (String s : a) {
            boolean file = s.startsWith("out/") || LOCAL.contains(s) || s.equals("regular");
            out.add(s.equals("WRITER") ? d.resolve("w.c").toString() : s.equals("INCLUDE") ? d.resolve("folder").toString()
                    : s.equals("KTREE") ? Path.of(HostileCorpus.class.getResource("/ktree/linux").getPath()).toString()
                    : file ? d.resolve(s).toString() : s);
        }
        return out;
    }

    /** The hostile values that name files {@link #commonFiles} makes in the case's folder. */
    static final Set<String> LOCAL = Set.of("fifo", "folder", "dangling-link", "link-loop", "regular/x", "r".repeat(255), "r".repeat(256));

    /**
     * Refuses to run a case that could write outside its folder: every value of an output option must be a file
     * under the case's folder, {@code -}, or one of {@link #HARMLESS_TARGETS} (a name such as
     * {@code ../../etc/passwd} is hostile input to read, never a place to write while running as root).
     */
    /** Outputs outside a case's folder that nothing can harm: devices that discard, and names that are folders. */
    static final Set<String> HARMLESS_TARGETS = Set.of("/dev/null", "/dev/zero", "/dev/full", "/", ".", "/proc/self/mem");

    static void confined(Path d, List<String> args) {
        for (int i = 0; i + 1 < args.size(); i++) {
            String a = args.get(i), v = args.get(i + 1);
            if (!OUTPUT_OPTIONS.contains(a) && !(a.startsWith("--") && a.contains("=") && OUTPUT_OPTIONS.contains(a.substring(0, a.indexOf('='))))) continue;
            if (a.contains("=")) v = a.substring(a.indexOf('=') + 1);
            if (v.isBlank() || v.equals("-") || HARMLESS_TARGETS.contains(v) || v.contains("\0") || v.startsWith("--")) continue;
            Path p = Path.of(v).toAbsolutePath().normalize();
            if (!p.startsWith(d)) throw new IllegalStateException("case would write outside its folder: " + a + " " + v);
        }
    }

    static String show(String v) {
        String s = v.length() > 40 ? v.substring(0, 20) + "...(" + v.length() + " chars)" : v;
        return "'" + s.replace("\0", "\\0").replace("\n", "\\n").replace("\t", "\\t") + "'";
    }

    // ---- plan, attach and spec mutations ------------------------------------------------------------------------------

    static final List<String> TOKENS = List.of("store", "store128", "sync", "entry", "barrier", "dma_wmb", "when", "end", "for", "in",
            "q[", "]", "(", ")", "==", "..", "crit", "vq", "target", "current", "with", "DID", "=", ",", "\"", "#", "claim", "hitless",
            "quantum", "128", "ordering", "else", "not", "and", "or", "plain", "unused-update", "list", "add", "switch", "flush", "iotlb",
            "attach", "about", "known-bad", "yes", "tag", "temp", "table", "old", "new");
    static final List<String> NUMBERS = List.of("\u0661\u0660", "\uFF13", "99999999999999999999", "0x", "-1", "007", "1_0", "0xFFFFFFFFFFFFFFFFF",
            "8", "64", "65", "4", "0", "0x1p3", "1e2", "0b101", "\u0663");
    static final String CHARS = "\0\t\r\"#[]=\\,.()<>!-_xyzQ09\u0661\uFF13\u202E\uFFFD\u00e9 ";

    /** {@code text} with one to three random edits (seeded). */
    String mutate(String text, List<String> others) {
        String t = text;
        int n = 1 + rnd.nextInt(3);
        for (int k = 0; k < n; k++) t = mutateOnce(t, others);
        return t;
    }

    private String mutateOnce(String t, List<String> others) {
        List<String> lines = new ArrayList<>(List.of(t.split("\n", -1)));
        int pos = t.isEmpty() ? 0 : rnd.nextInt(t.length());
        int line = rnd.nextInt(lines.size());
        return switch (rnd.nextInt(14)) {
            case 0 -> t.isEmpty() ? t : t.substring(0, pos) + CHARS.charAt(rnd.nextInt(CHARS.length())) + t.substring(pos + 1);
            case 1 -> t.substring(0, pos) + NUMBERS.get(rnd.nextInt(NUMBERS.size())) + t.substring(pos);
            case 2 -> {
                lines.remove(line);
                yield String.join("\n", lines);
            }
            case 3 -> {
                lines.add(line, lines.get(line));
                yield String.join("\n", lines);
            }
            case 4 -> t.substring(0, pos);
            case 5 -> t.substring(0, pos) + " " + TOKENS.get(rnd.nextInt(TOKENS.size())) + " " + t.substring(pos);
            case 6 -> {
                int other = rnd.nextInt(lines.size());
                String a = lines.get(line);
                lines.set(line, lines.get(other));
                lines.set(other, a);
                yield String.join("\n", lines);
            }
            case 7 -> t.replaceFirst("\\b(0x[0-9a-fA-F_]+|[0-9][0-9_]*)\\b",
                    java.util.regex.Matcher.quoteReplacement(NUMBERS.get(rnd.nextInt(NUMBERS.size()))));
            case 8 -> {
                lines.set(line, lines.get(line).toUpperCase(java.util.Locale.ROOT));
                yield String.join("\n", lines);
            }
            case 9 -> rnd.nextBoolean() ? t.replace("\n", "\r\n") : t.replace("\n", "\r");
            case 10 -> {
                String o = others.get(rnd.nextInt(others.size()));
                List<String> ol = List.of(o.split("\n"));
                lines.add(line, ol.get(rnd.nextInt(ol.size())));
                yield String.join("\n", lines);
            }
            case 11 -> {
                StringBuilder g = new StringBuilder();
                for (int i = rnd.nextInt(40); i > 0; i--) g.append((char) (32 + rnd.nextInt(95)));
                lines.add(line, g.toString());
                yield String.join("\n", lines);
            }
            case 12 -> {
                String[] words = t.split("[^A-Za-z0-9_-]+");
                yield words.length == 0 ? t : t.replaceFirst("\\b" + java.util.regex.Pattern.quote(words[rnd.nextInt(words.length)]) + "\\b",
                        java.util.regex.Matcher.quoteReplacement(TOKENS.get(rnd.nextInt(TOKENS.size()))));
            }
            default -> t + "\n" + TOKENS.get(rnd.nextInt(TOKENS.size())) + " " + TOKENS.get(rnd.nextInt(TOKENS.size())) + "\n";
        };
    }

    /**
     * Exit 2's promise: one line {@code hitless: error: ...}, no stack trace; a C file that does not compile may list
     * its further errors below it, each line indented by two blanks (README, "Exit codes").
     */
    public static boolean oneErrorLine(String errText) {
        if (!errText.startsWith("hitless: error: ") || !errText.endsWith("\n") || errText.contains("\tat ")) return false;
        List<String> lines = errText.lines().toList();
        if (lines.size() == 1) return true;
        return lines.getFirst().contains(" does not compile: ") || lines.getFirst().contains(" does not link: ")
                ? lines.stream().skip(1).allMatch(l -> l.startsWith("  ") && !l.isBlank()) : false;
    }

    private void plans() {
        List<String> texts = PlanFile.EXAMPLES.stream().map(PlanFile::exampleText).toList();
        List<String[]> transitions = List.of(new String[]{"vtd-pasid", "fl-did5-a", "fl-did6-b"}, new String[]{"vtd-pasid", "not-present", "fl-did5-a"},
                new String[]{"vtd-pasid", "fl-did5-a", "sl-did7-a"}, new String[]{"smmu-ste", "s1-ssid0", "s2-vmid1"},
                new String[]{"smmu-cd", "s1-asid1", "s1-asid2"});
        List<String[]> riscv = List.of(new String[]{"riscv-dc", "s1-a", "s1-a-qos"}, new String[]{"riscv-dc", "blocked", "s1-a"},
                new String[]{"riscv-dc-ext", "s1-a", "nested-msi"});
        for (String ex : PlanFile.EXAMPLES) {
            String text = PlanFile.exampleText(ex);
            boolean isRiscv = ex.startsWith("riscv-"); // formats riscv-dc riscv-dc-ext: planned where it applies
            for (int k = 0; k < 60; k++) {
                String m = mutate(text, texts);
                String[] t = isRiscv && k % 2 == 0 ? riscv.get(rnd.nextInt(riscv.size())) : transitions.get(rnd.nextInt(transitions.size()));
                boolean matrix = k % 5 == 0;
                add("plans", ex + " mutant " + k, Set.of("out/m.json"), d -> {
                    Path f = Files.writeString(d.resolve("mutant.plan"), m);
                    Files.createDirectories(d.resolve("out"));
                    return matrix ? List.of("matrix", "--format", isRiscv ? "riscv-dc" : "smmu-cd", "--ordering", f.toString(), "--reader", "strict",
                            "--json", d.resolve("out/m.json").toString())
                            : List.of("check", "--format", t[0], "--from", t[1], "--to", t[2], "--ordering", f.toString());
                });
            }
        }
    }

    private void attach() {
        List<String> texts = AttachFile.BUILT_INS.stream().map(AttachFile::text).toList();
        for (String seq : AttachFile.BUILT_INS) {
            String text = AttachFile.text(seq);
            for (int k = 0; k < 40; k++) {
                String m = k < 4 ? headerTwice(text, k) : mutate(text, texts);
                boolean matrix = k % 4 == 3;
                add("attach", seq + " mutant " + k, Set.of(), d -> {
                    Path f = Files.writeString(d.resolve("mutant.attach"), m);
                    return matrix ? List.of("matrix", "--format", "vtd-pasid", "--ordering", "used-bits-128", "--reader", "strict",
                            "--visibility", "in-order", "--attach", f.toString())
                            : List.of("check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering",
                            "used-bits-128", "--attach", f.toString());
                });
            }
        }
    }

    private static String headerTwice(String text, int k) {
        return switch (k) {
            case 0 -> text.replaceFirst("(?m)^(about .*)$", "$1\n$1");
            case 1 -> text.replaceFirst("(?m)^(about .*)$", "$1\nknown-bad no\nknown-bad no");
            case 2 -> text.replaceFirst("(?m)^(attach .*)$", "$1\n$1");
            default -> text + "\nabout " + "\u0661".repeat(3) + "\n";
        };
    }

    private void specs() {
        for (EntryFormat f : Formats.all()) {
            List<String> specs = new ArrayList<>();
            for (NamedConfig c : f.catalogue()) specs.add(c.spec());
            for (int k = 0; k < 100; k++) {
                String spec = mutate(specs.get(rnd.nextInt(specs.size())), specs).replace("\n", " ");
                String other = f.catalogue().get(rnd.nextInt(f.catalogue().size())).name();
                int kind = k % 3;
                add("specs", f.name() + " spec " + k, Set.of(), d -> switch (kind) {
                    case 0 -> List.of("describe", "--format", f.name(), "--config", spec);
                    case 1 -> List.of("check", "--format", f.name(), "--from", spec, "--to", other, "--ordering", "used-bits-64");
                    default -> List.of("synthesize", "--format", f.name(), "--from", other, "--to", spec);
                });
            }
        }
    }

    // ---- output files -------------------------------------------------------------------------------------------------

    /** Where an output may point, made in the case folder; the name it is given on the command line. */
    static final List<String> TARGETS = List.of("new-file", "new-deep-folder", "existing-file", "dev-null", "fifo", "dangling-link",
            "link-to-existing", "link-loop", "folder", "under-regular", "longest-name", "too-long-name", "dash", "dev-full",
            "link-to-folder");

    /** Makes {@code kind} in {@code d} and returns the name to give (an existing file holds "previous\n"). */
    static String target(Path d, String kind, String stem) throws IOException {
        Files.createDirectories(d.resolve("out"));
        Path p = d.resolve("out").resolve(stem);
        switch (kind) {
            case "new-file" -> { }
            case "new-deep-folder" -> p = d.resolve("new/deeper/" + stem);
            case "existing-file" -> Files.writeString(p, "previous\n");
            case "dev-null" -> { return "/dev/null"; }
            case "dev-full" -> { return "/dev/full"; }
            case "dash" -> { return "-"; }
            case "fifo" -> mkfifo(p);
            case "dangling-link" -> Files.createSymbolicLink(p, Path.of(stem + ".real"));
            case "link-to-existing" -> {
                Files.writeString(d.resolve("out").resolve(stem + ".real"), "previous\n");
                Files.createSymbolicLink(p, Path.of(stem + ".real"));
            }
            case "link-to-folder" -> {
                Files.createDirectories(d.resolve("out").resolve(stem + ".dir"));
                Files.createSymbolicLink(p, Path.of(stem + ".dir"));
            }
            case "link-loop" -> Files.createSymbolicLink(p, p.getFileName());
            case "folder" -> Files.createDirectories(p);
            case "under-regular" -> {
                Files.writeString(d.resolve("out").resolve("regular"), "previous\n");
                p = d.resolve("out/regular").resolve(stem);
            }
            case "longest-name" -> p = d.resolve("out").resolve(stem + "-" + "r".repeat(254 - stem.length()));
            case "too-long-name" -> p = d.resolve("out").resolve(stem + "-" + "r".repeat(255 - stem.length()));
            default -> throw new IllegalArgumentException(kind);
        }
        return p.toString();
    }

    /** The paths (relative to {@code d}) an output named {@code name} may change when the run succeeds. */
    static Set<String> changeable(Path d, String name) {
        if (!name.startsWith(d.toString())) return Set.of();
        Set<String> s = new java.util.TreeSet<>();
        Path rel = d.relativize(Path.of(name));
        for (Path p = rel; p != null; p = p.getParent()) s.add(p.toString());
        s.add(rel + ".real");
        return s;
    }

    private void outputs() {
        // each target kind for each output option, with a run that succeeds and one that fails before publishing
        List<String[]> commands = List.of(new String[]{"matrix", "--json"}, new String[]{"matrix", "--junit-xml"}, new String[]{"matrix", "--html"},
                new String[]{"check", "--html"}, new String[]{"synthesize", "--save-plan"});
        for (String[] c : commands) {
            for (String kind : TARGETS) {
                for (boolean failing : new boolean[]{false, true}) {
                    addOutputCase(c[0], List.<String[]>of(new String[]{c[1], kind}), failing);
                }
            }
        }
        // pairs of outputs: the second kind decides whether publishing fails late
        for (String a : TARGETS) {
            for (String b : List.of("new-file", "existing-file", "dev-full", "dash", "too-long-name", "new-deep-folder", "fifo")) {
                addOutputCase("matrix", List.<String[]>of(new String[]{"--json", a}, new String[]{"--html", b}), false);
            }
        }
        // one file named twice, through its name, a link, a hard link and a path with ..
        for (String second : List.of("same", "link", "hard", "dotdot")) {
            add("outputs", "matrix --json and --junit-xml naming one file (" + second + ")", Set.of(), d -> {
                Path f = Files.writeString(Files.createDirectories(d.resolve("out")).resolve("one"), "previous\n");
                Path other = switch (second) {
                    case "link" -> Files.createSymbolicLink(d.resolve("out/link"), f);
                    case "hard" -> Files.createLink(d.resolve("out/hard"), f);
                    case "dotdot" -> d.resolve("out/x/../one");
                    default -> f;
                };
                List<String> a = new ArrayList<>(List.of("matrix"));
                a.addAll(BASES.get("matrix").subList(0, 14));
                a.addAll(List.of("--json", f.toString(), "--junit-xml", other.toString()));
                return a;
            });
        }
    }

    private void addOutputCase(String cmd, List<String[]> outs, boolean failing) {
        StringBuilder name = new StringBuilder(cmd);
        for (String[] o : outs) name.append(' ').append(o[0]).append(' ').append(o[1]);
        if (failing) name.append(" (run fails)");
        Set<String> may = new java.util.TreeSet<>();
        cases.add(new Case("outputs", name.toString(), d -> {
            List<String> a = new ArrayList<>(List.of(cmd));
            List<String> base = BASES.get(cmd);
            for (int i = 0; i < base.size(); i += 2) {
                if (Set.of("--json", "--junit-xml", "--html", "--save-plan").contains(base.get(i))) continue;
                a.add(base.get(i));
                a.add(failing && base.get(i).equals("--ordering") ? "no-such-ordering"
                        : failing && base.get(i).equals("--from") ? "no-such-config" : base.get(i + 1));
            }
            if (failing && cmd.equals("matrix")) a.addAll(List.of("--ordering", "no-such-ordering"));
            int k = 0;
            for (String[] o : outs) {
                String n = target(d, o[1], "o" + k++);
                may.addAll(changeable(d, n));
                a.add(o[0]);
                a.add(n);
            }
            return a;
        }, may, null, LIMIT_MILLIS));
    }

    // ---- C ----------------------------------------------------------------------------------------------------------

    /** c-check's documented bound: the compile, each transition's limit, the start, gaps and exit (at least 1 s each), 30 s to check. */
    static long cCheckLimit(int transitions, long timeLimitMillis) {
        return COMPILE_LIMIT_MILLIS + transitions * timeLimitMillis + (transitions + 2L) * Math.max(timeLimitMillis, 1000) + 30_000;
    }

    /** Statements a random writer runs on one of its transitions. */
    static final List<String> ACTIONS = List.of("hitless_sync(\"bad kind\");", "hitless_sync(\"entry\\nend 0\");", "exit(3);", "_exit(200);",
            "for (;;);", "abort();", "e[9] = 1;", "raise(SIGTERM);", "printf(\"begin 0\\nstore64 0 0x1\\n\");", "{ ssize_t w = write(3, \"x\", 1); (void)w; }",
            "close(3);", "hitless__barrier(\"dma_wmb \");", "WRITE_ONCE(e[3], 5);", "sleep(5);", "kill(getpid(), SIGKILL);",
            "fflush(stdout);", "{ volatile char *p = malloc(1UL << 40); p[0] = 1; }", "hitless_sync(\"entry+iotlb\");", "WARN_ON(1);",
            "cmpxchg128((u128 *)&e[2], 0, 1);", "cmpxchg128((u128 *)&e[1], 0, 1);", "dma_wmb();", "smp_wmb();", "e[0] = ~e[0];",
            "*(volatile int *)0 = 0;", "{ volatile int z = 0; z = 1 / z; }", "signal(SIGSEGV, SIG_IGN);", "alarm(1);",
            "for (int i = 0; i < 20000; i++) WRITE_ONCE(e[1], i);", "fputs(\"\\xff\\xfe\\x1b[31m\", stderr);", "return;",
            "{ static char k[3000]; memset(k, 'x', 2999); hitless_sync(k); }", "hitless_sync(\"ENTRY\");", "hitless_sync(\"entry+\");");

    private void c() {
        String base = "#include <signal.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <unistd.h>\n";
        // the named writers, each as one transition, a whole small catalogue, another entry name, and with reports
        for (HostileWriters w : HostileWriters.ALL) {
            for (int v = 0; v < 4; v++) {
                int variant = v;
                int transitions = variant == 1 ? 20 : 1;
                long limit = 300;
                cases.add(new Case("c", w.name() + " variant " + v, d -> {
                    Path f = Files.write(d.resolve(w.name() + ".c"), (variant == 2 ? w.source().replace("hitless_writer", "my_writer")
                            : w.source()).getBytes(StandardCharsets.ISO_8859_1));
                    Files.createDirectories(d.resolve("out"));
                    List<String> a = new ArrayList<>(List.of("c-check", f.toString(), "--time-limit-ms", Long.toString(limit)));
                    switch (variant) {
                        case 1 -> a.addAll(List.of("--format", "smmu-cd", "--reader", "strict"));
                        case 2 -> a.addAll(List.of("--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--entry", "my_writer"));
                        case 3 -> a.addAll(List.of("--format", "vtd-pasid", "--from", "not-present", "--to", "fl-did5-a",
                                "--save-plan", d.resolve("out/p.plan").toString(), "--json", d.resolve("out/r.json").toString(),
                                "--junit-xml", d.resolve("out/existing.xml").toString()));
                        default -> a.addAll(List.of("--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b"));
                    }
                    if (variant == 3) Files.writeString(d.resolve("out/existing.xml"), "previous\n");
                    return a;
                }, Set.of("out", "out/p.plan", "out/r.json", "out/existing.xml"), null, cCheckLimit(transitions, limit)));
            }
        }
        // writers composed at random: a normal copy, with one to three hostile statements on chosen transitions
        for (int k = 0; k < 80; k++) {
            StringBuilder src = new StringBuilder(base).append("void hitless_writer(__le64 *e, const __le64 *t)\n{\n\tstatic int n;\n\tn++;\n");
            for (int j = 1 + rnd.nextInt(3); j > 0; j--) {
                src.append("\tif (n == ").append(1 + rnd.nextInt(20)).append(") ").append(ACTIONS.get(rnd.nextInt(ACTIONS.size()))).append('\n');
            }
            src.append("\tfor (int q = 0; q < 8; q++) WRITE_ONCE(e[q], t[q]);\n\thitless_sync(\"entry\");\n}\n");
            String text = src.toString();
            cases.add(new Case("c", "composed writer " + k, d -> {
                Path f = Files.writeString(d.resolve("composed.c"), text);
                return List.of("c-check", f.toString(), "--format", "smmu-cd", "--time-limit-ms", "200", "--reader", "sticky");
            }, Set.of(), null, cCheckLimit(20, 200)));
        }
        // compilers that are not compilers
        for (String cc : List.of("/bin/true", "/bin/false", "no-such-cc", "/", "/etc/hostname", "sh-printing-bytes", "sh-leaving-a-child",
                "/bin/echo", "cc -O9 --no-such-flag")) {
            cases.add(new Case("c", "CC=" + cc, d -> {
                String real = cc;
                if (cc.startsWith("sh-")) {
                    Path s = d.resolve(cc);
                    Files.writeString(s, cc.equals("sh-printing-bytes") ? "#!/bin/sh\nprintf '\\377\\376\\033[2J error\\n' >&2\nexit 1\n"
                            : "#!/bin/sh\nsleep 600 &\necho 'error: gone, a child left behind' >&2\nexit 1\n");
                    Files.setPosixFilePermissions(s, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
                    real = s.toString();
                }
                Files.writeString(d.resolve("w.c"), "void hitless_writer(__le64 *e, const __le64 *t) { }\n");
                String ccValue = real;
                ccEnv.put(d, ccValue);
                return List.of("c-check", d.resolve("w.c").toString(), "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b");
            }, Set.of(), null, cCheckLimit(1, 2000)));
        }
    }

    /** CC per case folder for the compiler cases (their environment is made when the folder exists). */
    private final Map<Path, String> ccEnv = new LinkedHashMap<>();

    // ---- standard output that cannot be written (subprocesses) -------------------------------------------------------

    private void process() {
        List<List<String>> commands = new ArrayList<>(List.of(List.of("formats"), List.of("orderings"), List.of("catalogue", "--format", "vtd-pasid"),
                List.of("describe", "--format", "vtd-pasid", "--config", "fl-did5-a"), List.of("example", "vtd-corrected"),
                List.of("plan", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering", "used-bits-128"),
                List.of("check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering", "struct-copy"),
                List.of("matrix", "--format", "smmu-cd"), List.of("synthesize", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did5-b"),
                List.of("--help"), List.of("matrix", "--format", "smmu-cd", "--json")));
        if (compiler) commands.add(List.of("c-check", "C", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b"));
        for (List<String> c : commands) {
            for (String stdout : List.of("/dev/full", "closed")) {
                cases.add(new Case("process", String.join(" ", c) + " > " + stdout, d -> {
                    Files.createDirectories(d.resolve("out"));
                    List<String> a = new ArrayList<>(c);
                    if (a.contains("C")) a.set(a.indexOf("C"), Files.writeString(d.resolve("w.c"),
                            "void hitless_writer(__le64 *e, const __le64 *t) { for (int q = 0; q < 8; q++) WRITE_ONCE(e[q], t[q]); }\n").toString());
                    if (a.getFirst().equals("matrix")) a.addAll(List.of("--junit-xml", d.resolve("out/m.xml").toString()));
                    return a;
                }, Set.of("out/m.xml"), stdout, LIMIT_MILLIS + 30_000));
            }
        }
    }

    // ---- running ------------------------------------------------------------------------------------------------------

    private final StringWriter out = new StringWriter(), err = new StringWriter();
    private final CommandLine cli = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    private ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hostile-case");
        t.setDaemon(true);
        return t;
    });

    List<Result> run(List<Case> chosen) throws Exception {
        List<Result> results = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < chosen.size(); i++) {
            results.add(runOne(chosen.get(i), i));
            if ((i + 1) % 250 == 0 || i + 1 == chosen.size() && chosen.size() >= 250) {
                long bad = results.stream().filter(r -> !r.violations().isEmpty()).count();
                System.out.printf("  %d of %d cases run, %d with violations, %d s%n", i + 1, chosen.size(), bad,
                        (System.nanoTime() - t0) / 1_000_000_000L);
            }
        }
        return results;
    }

    private Result runOne(Case c, int index) throws Exception {
        Path d = Files.createDirectories(root.resolve("case-" + index));
        List<String> args = c.setup().make(d);
        confined(d, args);
        Map<String, String> env = ccEnv.containsKey(d) ? withCc(ccEnv.get(d)) : null;
        Map<Path, CompletableFuture<String>> fifoReaders = startFifoReaders(d);
        Snapshot before = Snapshot.of(d);
        long t0 = System.nanoTime();
        int code;
        String errText;
        List<String> violations = new ArrayList<>();
        if (c.stdout() != null) {
            String[] r = subprocess(args, c.stdout(), d, c.limitMillis());
            code = Integer.parseInt(r[0]);
            errText = r[1];
        } else {
            Future<int[]> f = executor.submit(() -> {
                out.getBuffer().setLength(0);
                err.getBuffer().setLength(0);
                CommandLine line = env == null ? cli : Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), env);
                return new int[]{line.execute(args.toArray(String[]::new))};
            });
            int[] got;
            try {
                got = f.get(Math.max(c.limitMillis(), 1000) + 60_000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                executor.shutdownNow();
                executor = Executors.newSingleThreadExecutor();
                got = new int[]{-1};
                violations.add("did not end within " + (c.limitMillis() + 60_000) + " ms (abandoned)");
            }
            code = got[0];
            errText = err.toString();
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        releaseFifos(fifoReaders);
        Snapshot after = Snapshot.of(d);
        if (code == 3) violations.add("exit 3 (internal error): " + firstLines(errText, 6));
        else if (code != 0 && code != 1 && code != 2 && code != 4 && code != -1) violations.add("exit " + code + ": " + firstLines(errText, 3));
        if (millis > c.limitMillis()) violations.add("took " + millis + " ms, over the limit of " + c.limitMillis() + " ms");
        if (code == 2 && !oneErrorLine(errText)) {
            violations.add("exit 2 without exactly one error line: " + firstLines(errText, 4));
        }
        Set<String> changed = before.changes(after);
        if (code == 0 || code == 1) changed.removeAll(c.outputs());
        if (code == 0 || code == 1) changed.removeIf(p -> c.outputs().stream().anyMatch(o -> p.equals(o) || o.startsWith(p + "/")));
        if (!changed.isEmpty()) violations.add((code == 0 || code == 1 ? "changed files it was not given: " : "failing run changed: ") + changed);
        after.entries().keySet().stream().filter(p -> Path.of(p).getFileName().toString().startsWith(".hitless-")).findFirst()
                .ifPresent(p -> violations.add("temporary left: " + p));
        try (Stream<Path> s = Files.list(cTemp)) {
            List<Path> left = s.toList();
            if (!left.isEmpty()) violations.add("c-check build folder left: " + left);
            for (Path p : left) deleteTree(p);
        }
        if (Files.isRegularFile(Path.of("/dev/null"))) violations.add("/dev/null is no longer a device");
        if (violations.isEmpty()) deleteTree(d);
        return new Result(c, code, millis, errText, violations);
    }

    private static Map<String, String> withCc(String cc) {
        Map<String, String> env = new TreeMap<>(System.getenv());
        env.put("CC", cc);
        return env;
    }

    private static final ExecutorService FIFO_READERS = Executors.newVirtualThreadPerTaskExecutor();

    /** A reader for every FIFO in the case folder, so a run that writes one does not wait for ever. */
    private static Map<Path, CompletableFuture<String>> startFifoReaders(Path d) throws IOException {
        Map<Path, CompletableFuture<String>> readers = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.toList()) {
                if (Files.isSymbolicLink(p) || Files.isRegularFile(p) || Files.isDirectory(p)) continue;
                readers.put(p, CompletableFuture.supplyAsync(() -> {
                    try {
                        return Files.readString(p, StandardCharsets.ISO_8859_1);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, FIFO_READERS));
            }
        }
        return readers;
    }

    /** Opens each FIFO nothing wrote to for writing and closes it again, so its reader sees the end. */
    private static void releaseFifos(Map<Path, CompletableFuture<String>> readers) throws Exception {
        for (var r : readers.entrySet()) {
            try {
                r.getValue().get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                Files.newOutputStream(r.getKey(), java.nio.file.StandardOpenOption.WRITE).close();
                r.getValue().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs the command as a process of its own with standard output to {@code stdout}; returns exit code and stderr. */
    private static String[] subprocess(List<String> args, String stdout, Path d, long limitMillis) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\"" + (stdout.equals("closed") ? " >&-" : " >" + stdout), "sh",
                java, "-cp", absoluteClassPath(), "-Dhitless.c.tmpdir=" + System.getProperty("hitless.c.tmpdir"),
                Main.class.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(d.toFile()).redirectErrorStream(false)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> e = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException x) {
                return "";
            }
        });
        if (!p.waitFor(limitMillis + 60_000, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor();
            return new String[]{"-1", "killed after " + Duration.ofMillis(limitMillis + 60_000)};
        }
        return new String[]{Integer.toString(p.exitValue()), e.get(10, TimeUnit.SECONDS)};
    }

    /** This JVM's class path with every entry absolute: the subprocess runs in the case's folder. */
    static String absoluteClassPath() {
        return String.join(java.io.File.pathSeparator, Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString()).toList());
    }

    static String firstLines(String s, int n) {
        return String.join(" | ", s.lines().limit(n).toList());
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }

    // ---- the report ---------------------------------------------------------------------------------------------------

    /** Prints the counts per group and outcome, the slowest run per group and every violation; true when there is none. */
    static boolean report(List<Result> results, java.io.PrintStream o) {
        Map<String, int[]> byGroup = new TreeMap<>();
        Map<String, Long> slowest = new TreeMap<>();
        int[] total = new int[9];
        for (Result r : results) {
            int[] g = byGroup.computeIfAbsent(r.c().group(), k -> new int[9]);
            int col = switch (r.code()) {
                case 0, 1, 2, 3, 4 -> r.code();
                case -1 -> 6;
                default -> 5;
            };
            for (int[] row : List.of(g, total)) {
                row[col]++;
                if (r.violations().stream().anyMatch(v -> v.startsWith("took") || v.startsWith("did not end"))) row[7]++;
                if (r.violations().stream().anyMatch(v -> v.contains("changed") || v.contains("left"))) row[8]++;
            }
            slowest.merge(r.c().group(), r.millis(), Math::max);
        }
        o.println();
        o.printf("%-9s %6s %6s %6s %6s %6s %6s %7s %9s %9s %11s%n", "group", "cases", "exit 0", "exit 1", "exit 2", "exit 3", "exit 4",
                "other", "timeouts", "leftovers", "slowest ms");
        for (var e : byGroup.entrySet()) row(o, e.getKey(), e.getValue(), slowest.get(e.getKey()));
        row(o, "total", total, slowest.values().stream().mapToLong(Long::longValue).max().orElse(0));
        List<Result> bad = results.stream().filter(r -> !r.violations().isEmpty()).toList();
        o.println();
        o.println(bad.isEmpty() ? "no violations: no exit 3, no run over its limit, no output created, replaced or left by a failing run"
                : bad.size() + " cases with violations:");
        for (Result r : bad) o.println("  [" + r.c().group() + "] " + r.c().name() + ": " + String.join("; ", r.violations()));
        return bad.isEmpty();
    }

    private static void row(java.io.PrintStream o, String name, int[] c, long slowest) {
        int cases = c[0] + c[1] + c[2] + c[3] + c[4] + c[5] + c[6];
        o.printf("%-9s %6d %6d %6d %6d %6d %6d %7d %9d %9d %11d%n", name, cases, c[0], c[1], c[2], c[3], c[4], c[5] + c[6], c[7], c[8], slowest);
    }

    /** The cases made, for the smoke test. */
    List<Case> cases() {
        return cases;
    }
}
