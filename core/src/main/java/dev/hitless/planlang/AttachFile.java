package dev.hitless.planlang;

import dev.hitless.attach.AttachSequence;
import dev.hitless.attach.AttachStep;
import dev.hitless.attach.Domain;
import dev.hitless.attach.TagId;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The attach language ({@code .attach} files, docs/cache-tags.md): how a driver moves a device between domains, the
 * list updates and flushes around the entry update. One statement per line, {@code #} starts a comment:
 * <pre>
 * attach NAME                                   first statement
 * about TEXT                                    one line, required, once
 * known-bad yes|no                              optional (default no), at most once
 * list add|remove old|new [tag old|new|temp]    the tag defaults to the domain's own
 * switch [tag old|new|temp] [table old|new]     the entry ordering runs here; defaults: tag new, table new
 * flush iotlb old|new|temp
 * flush devtlb
 * </pre>
 * Errors are {@link PlanFileException}s, one line {@code FILE:LINE:COL: expected ..., found ...}; a sequence that
 * breaks {@link AttachSequence}'s invariants is reported at the step that breaks them.
 */
public final class AttachFile {
    /** The built-in sequences, each shipped as {@code attach/NAME.attach}; the first is the default. */
    public static final List<String> BUILT_INS = List.of(
            "vtd-corrected", "vtd-rid-2024", "vtd-old-removed-early", "old-tag-not-flushed", "arm-prepare-commit", "vtd-temporary-tag",
            "riscv-iodir", "riscv-iodir-pre-2026");

    /**
     * The sequence {@code --attach} means when it is not given, on every format but the RISC-V ones
     * ({@link #defaultFor}): {@code vtd-corrected}, which covers the
     * old and the new domain while the entry switches and flushes the old tag before the old domain lets go of it, so
     * it is clean also when both domains carry one tag. ({@code arm-prepare-commit} drops the old array first and
     * flushes the tag after: clean when the tags differ, as the driver's always do; STALE when they are one.)
     */
    public static final String DEFAULT = "vtd-corrected";

    /** The sequence {@code --attach} means on a RISC-V format when it is not given: the driver's own since 2026. */
    public static final String DEFAULT_RISCV = "riscv-iodir";

    /** The {@link #DEFAULT} sequence. */
    public static AttachSequence defaultSequence() {
        return builtIn(DEFAULT);
    }

    /**
     * The name of the sequence {@code --attach} means on {@code format} when it is not given: {@link #DEFAULT_RISCV} on
     * a RISC-V format (its driver's attach, whose IOTINVALs the 2026 fix added), {@link #DEFAULT} on every other.
     */
    public static String defaultFor(dev.hitless.format.EntryFormat format) {
        return format.platform() == dev.hitless.format.Platform.RISCV ? DEFAULT_RISCV : DEFAULT;
    }

    /** The {@link #defaultFor} sequence of {@code format}. */
    public static AttachSequence defaultSequence(dev.hitless.format.EntryFormat format) {
        return builtIn(defaultFor(format));
    }

    private AttachFile() {
    }

    /**
     * A built-in by name, or the file at {@code nameOrPath}.
     *
     * @throws PlanFileException when the file does not load
     * @throws IllegalArgumentException (not a {@code PlanFileException}) when {@code nameOrPath} looks like a name and
     *         is neither a built-in nor a file
     */
    public static AttachSequence resolve(String nameOrPath) {
        if (BUILT_INS.contains(nameOrPath)) return builtIn(nameOrPath);
        Path p;
        try {
            p = Path.of(nameOrPath);
        } catch (java.nio.file.InvalidPathException e) {
            throw new PlanFileException(nameOrPath.replace("\0", "\\0"), 1, 1, "a built-in attach sequence or a file path", "a character no path may hold");
        }
        if (!Files.exists(p) && !nameOrPath.contains("/") && !nameOrPath.endsWith(".attach")) {
            // a name, not a path: neither a built-in nor a file (a caller adds which option it came from)
            throw new IllegalArgumentException("unknown attach sequence '" + nameOrPath + "'; expected one of "
                    + String.join(", ", BUILT_INS));
        }
        return load(p);
    }

    /** The built-in sequences in {@link #BUILT_INS} order. */
    public static List<AttachSequence> builtIns() {
        return BUILT_INS.stream().map(AttachFile::builtIn).toList();
    }

    private static final java.util.Map<String, AttachSequence> BUILT_IN_CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** A built-in sequence, parsed from its shipped file. */
    public static AttachSequence builtIn(String name) {
        return BUILT_IN_CACHE.computeIfAbsent(name, n -> parse("attach/" + n + ".attach", text(n)));
    }

    /** The shipped file of a built-in, for {@code hitless example}. */
    public static String text(String name) {
        if (!BUILT_INS.contains(name)) {
            throw new IllegalArgumentException("unknown attach sequence '" + name + "'; expected one of " + String.join(", ", BUILT_INS));
        }
        try (InputStream in = AttachFile.class.getResourceAsStream("attach/" + name + ".attach")) {
            if (in == null) throw new IllegalStateException("attach/" + name + ".attach missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads and parses {@code file}. */
    public static AttachSequence load(Path file) {
        return parse(file.toString(), PlanFile.read(file, "attach file"));
    }

    /** Parses attach-file text; {@code file} names it in error messages. */
    public static AttachSequence parse(String file, String text) {
        String name = null, about = null;
        boolean knownBad = false, knownBadGiven = false;
        List<AttachStep> steps = new ArrayList<>();
        List<Integer> stepLines = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        int lastLine = 1;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            int hash = line.indexOf('#');
            String code = hash >= 0 ? line.substring(0, hash) : line;
            if (code.isBlank()) continue;
            lastLine = lineNo;
            Line l = new Line(file, lineNo, code);
            String kw = l.word("a statement (attach, about, known-bad, list, switch, flush)");
            if (name == null && !kw.equals("attach")) l.fail(l.lastCol, "'attach NAME' as the first statement", "'" + kw + "'");
            switch (kw) {
                case "attach" -> {
                    if (name != null) l.fail(l.lastCol, "one 'attach' statement", "a second one");
                    name = l.word("a sequence name");
                    if (!name.matches("[a-z0-9][a-z0-9-]*")) l.fail(l.lastCol, "a name of lower-case letters, digits and dashes", "'" + name + "'");
                    l.end();
                }
                case "about" -> {
                    if (about != null) l.fail(l.lastCol, "one 'about' line", "a second one");
                    about = l.rest("one line saying what the sequence is");
                }
                case "known-bad" -> {
                    if (knownBadGiven) l.fail(l.lastCol, "one 'known-bad' line", "a second one");
                    knownBadGiven = true;
                    String v = l.word("yes or no");
                    if (!v.equals("yes") && !v.equals("no")) l.fail(l.lastCol, "yes or no", "'" + v + "'");
                    knownBad = v.equals("yes");
                    l.end();
                }
                case "list" -> {
                    String op = l.word("add or remove");
                    if (!op.equals("add") && !op.equals("remove")) l.fail(l.lastCol, "add or remove", "'" + op + "'");
                    Domain d = l.domain();
                    TagId t = d == Domain.OLD ? TagId.OLD : TagId.NEW;
                    if (l.peek().equals("tag")) {
                        l.word("tag");
                        t = l.tag();
                    }
                    l.end();
                    steps.add(op.equals("add") ? new AttachStep.ListAdd(d, t) : new AttachStep.ListRemove(d, t));
                    stepLines.add(lineNo);
                }
                case "switch" -> {
                    TagId t = TagId.NEW;
                    Domain d = Domain.NEW;
                    boolean tagGiven = false, tableGiven = false;
                    while (!l.peek().isEmpty()) {
                        String w = l.word("tag or table");
                        if (w.equals("tag") && !tagGiven) {
                            t = l.tag();
                            tagGiven = true;
                        } else if (w.equals("table") && !tableGiven) {
                            d = l.domain();
                            tableGiven = true;
                        } else {
                            l.fail(l.lastCol, tagGiven || tableGiven ? "the end of the line or the other of tag/table" : "tag or table", "'" + w + "'");
                        }
                    }
                    steps.add(new AttachStep.Switch(t, d));
                    stepLines.add(lineNo);
                }
                case "flush" -> {
                    String what = l.word("iotlb or devtlb");
                    if (what.equals("iotlb")) {
                        steps.add(new AttachStep.FlushIotlb(l.tag()));
                    } else if (what.equals("devtlb")) {
                        steps.add(new AttachStep.FlushDevtlb());
                    } else {
                        l.fail(l.lastCol, "iotlb or devtlb", "'" + what + "'");
                    }
                    l.end();
                    stepLines.add(lineNo);
                }
                default -> l.fail(l.lastCol, "a statement (attach, about, known-bad, list, switch, flush)", "'" + kw + "'");
            }
        }
        if (name == null) throw new PlanFileException(file, 1, 1, "'attach NAME' as the first statement", "an empty file");
        if (about == null) throw new PlanFileException(file, lastLine, 1, "an 'about TEXT' line", "none");
        Optional<AttachSequence.Problem> p = AttachSequence.problem(steps);
        if (p.isPresent()) {
            int at = p.get().step() < stepLines.size() ? stepLines.get(p.get().step()) : lastLine;
            throw new PlanFileException(file, at, 1, p.get().message(), p.get().step() < steps.size() ? "'" + steps.get(p.get().step()).text() + "'" : "the end of the file");
        }
        return new AttachSequence(name, about, knownBad, steps);
    }

    /** One line being read word by word. */
    private static final class Line {
        final String file;
        final int line;
        final String text;
        int pos;
        int lastCol = 1;

        Line(String file, int line, String text) {
            this.file = file;
            this.line = line;
            this.text = text;
        }

        private void skipBlanks() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
        }

        String peek() {
            skipBlanks();
            int e = pos;
            while (e < text.length() && !Character.isWhitespace(text.charAt(e))) e++;
            return text.substring(pos, e);
        }

        String word(String expected) {
            String w = peek();
            lastCol = pos + 1;
            if (w.isEmpty()) fail(pos + 1, expected, "the end of the line");
            pos += w.length();
            return w.toLowerCase(Locale.ROOT);
        }

        String rest(String expected) {
            skipBlanks();
            lastCol = pos + 1;
            String r = text.substring(pos).strip();
            if (r.isEmpty()) fail(pos + 1, expected, "the end of the line");
            pos = text.length();
            return r;
        }

        Domain domain() {
            String w = word("old or new");
            return switch (w) {
                case "old" -> Domain.OLD;
                case "new" -> Domain.NEW;
                default -> fail(lastCol, "a domain: old or new", "'" + w + "'");
            };
        }

        TagId tag() {
            String w = word("a tag: old, new or temp");
            return switch (w) {
                case "old" -> TagId.OLD;
                case "new" -> TagId.NEW;
                case "temp" -> TagId.TEMP;
                default -> fail(lastCol, "a tag: old, new or temp", "'" + w + "'");
            };
        }

        void end() {
            String w = peek();
            if (!w.isEmpty()) fail(pos + 1, "the end of the line", "'" + w + "'");
        }

        <T> T fail(int col, String expected, String found) {
            throw new PlanFileException(file, line, col, expected, found);
        }
    }
}
