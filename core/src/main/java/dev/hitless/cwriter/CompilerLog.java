package dev.hitless.cwriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a compile printed, for a kernel developer: the line of a failed compile that says why (a missing writer
 * function, an undefined reference, the compiler's first error as it prints it, {@code file:line:column: error: ...},
 * or the linker's reason), every further error up to {@value #LIMIT}, and the warnings of a compile that succeeded.
 * A message about a name the compiler does not know (an undeclared identifier, an unknown type, an implicit
 * declaration, a macro called at file scope that the compiler took for a declaration) names that name as a kernel
 * name the shim lacks, with the fix. The compiler's output is untrusted text ({@link UntrustedText}): each line is
 * quoted as one line whatever it holds.
 */
final class CompilerLog {
    private CompilerLog() {
    }

    /** How many errors (after the first) or warnings are listed; the rest are counted. */
    static final int LIMIT = 20;

    /** Lines that only give the place of the message that follows them, and the driver's closing summary. */
    private static final Pattern CONTEXT = Pattern.compile(
            "(?i).*(\\bin function [`'\u2018].*[`'\u2019]:|In file included from .*|: At top level:|\\bnote:.*|\\bwarning:.*)$|collect2: .*|\\s*\\|.*|\\s*\\d+\\s*\\|.*");

    /** gcc's and clang's ways of saying that a name is not declared; group 1 is the name. */
    private static final List<Pattern> UNKNOWN_NAME = List.of(
            Pattern.compile("implicit declaration of function ['\u2018](\\w+)['\u2019]"),
            Pattern.compile("['\u2018](\\w+)['\u2019] undeclared"),
            Pattern.compile("unknown type name ['\u2018](\\w+)['\u2019]"),
            Pattern.compile("type defaults to ['\u2018]int['\u2019] in declaration of ['\u2018](\\w+)['\u2019]"),
            Pattern.compile("use of undeclared identifier ['\u2018](\\w+)['\u2019]"),
            Pattern.compile("call to undeclared function ['\u2018](\\w+)['\u2019]"));

    /** An error at a file-scope line the compiler could not parse as a declaration: a macro it does not know. */
    private static final Pattern EXPECTED = Pattern.compile("^(.+?):(\\d+):(?:\\d+:)? error: expected .*");
    private static final Pattern CALL_AT_LINE_START = Pattern.compile("^([A-Za-z_]\\w*)\\s*\\(");
    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("if", "for", "while", "switch", "return",
            "sizeof", "typeof", "__typeof__", "_Static_assert", "__attribute__", "do", "else", "case", "goto");

    /** The hint for a name the shim does not define. */
    static String lacks(String name) {
        return " [" + name + ": a kernel name the shim (hitless.h) lacks; define it in a stub header (-I DIR) or with -D "
                + name + "=..., or report it]";
    }

    /**
     * The message for a compile of {@code file} that exited with {@code code}, from its output: the first line
     * says why, and any further errors follow, each one line.
     *
     * @param entry the writer function's name, to recognise its absence
     */
    static CWriterException failure(String file, String output, String entry, int code) {
        List<String> lines = UntrustedText.lines(output);
        if (lines.stream().anyMatch(l -> l.contains("undefined reference to `" + entry + "'"))) {
            return new CWriterException(file + " defines no writer function " + entry + " (void " + entry
                    + "(__le64 *entry, const __le64 *target), not static)" + (entry.equals(CWriter.Options.DEFAULT_ENTRY)
                    ? "; name yours with --entry NAME" : ""));
        }
        List<String> undefined = lines.stream().filter(l -> l.contains("undefined reference to")).distinct().toList();
        if (!undefined.isEmpty()) {
            List<String> all = undefined.stream().map(l -> {
                String r = l.substring(l.indexOf("undefined reference to"));
                Matcher m = Pattern.compile("undefined reference to `(\\w+)'").matcher(r);
                return UntrustedText.oneLine(r) + (m.find() ? lacks(m.group(1)) : "");
            }).distinct().toList();
            // the compiler's warnings about those names say where they are used
            List<String> more = new ArrayList<>(all.subList(1, all.size()));
            lines.stream().filter(l -> l.contains("warning:") && missingName(l).isPresent()).map(CompilerLog::explained).forEach(more::add);
            return new CWriterException(file + " does not link: " + all.getFirst(), limited(more));
        }
        List<String> errors = lines.stream().filter(l -> l.contains("error:") && !l.startsWith("collect2")).map(CompilerLog::explained).toList();
        if (!errors.isEmpty()) {
            // a warning about an unknown name (an implicit declaration) is as much the cause as the errors
            List<String> more = new ArrayList<>(errors.subList(1, errors.size()));
            lines.stream().filter(l -> l.contains("warning:") && missingName(l).isPresent()).map(CompilerLog::explained).forEach(more::add);
            return new CWriterException(file + " does not compile: " + errors.getFirst(), limited(more));
        }
        Optional<String> reason = lines.stream().filter(l -> !CONTEXT.matcher(l).matches()).findFirst();
        if (reason.isPresent()) {
            String r = reason.get();
            boolean link = r.contains("multiple definition") || r.matches(".*\\bld(\\.\\w+)?: .*") || r.contains("(.text");
            String hint = r.contains("multiple definition of `main'") || r.contains("multiple definition of `hitless_")
                    ? " (the harness defines main and the hitless_ functions: remove or rename the file's own)" : "";
            return new CWriterException(file + (link ? " does not link: " : " does not compile: ") + UntrustedText.oneLine(r) + hint);
        }
        return new CWriterException(file + " does not compile: the compiler exited with code " + code
                + (lines.isEmpty() ? " and printed nothing" : ": " + UntrustedText.oneLine(lines.get(0))));
    }

    /** The warnings of a compile, each one line, explained; at most {@link #LIMIT}, then how many more. */
    static List<String> warnings(String output) {
        return limited(UntrustedText.lines(output).stream().filter(l -> l.contains("warning:")).map(CompilerLog::explained).distinct().toList());
    }

    private static List<String> limited(List<String> lines) {
        if (lines.size() <= LIMIT) return lines;
        List<String> l = new ArrayList<>(lines.subList(0, LIMIT));
        l.add("... " + (lines.size() - LIMIT) + " more");
        return l;
    }

    /** One compiler message as one line, with the name the shim lacks when the message is about one. */
    static String explained(String line) {
        String shown = UntrustedText.oneLine(line);
        return missingName(line).map(n -> shown + lacks(n)).orElse(shown);
    }

    /** The name a compiler message says is unknown, or the macro called at the start of the line it complains of. */
    static Optional<String> missingName(String line) {
        for (Pattern p : UNKNOWN_NAME) {
            Matcher m = p.matcher(line);
            if (m.find()) return Optional.of(m.group(1));
        }
        Matcher e = EXPECTED.matcher(line);
        if (e.matches()) {
            Optional<String> src = sourceLine(e.group(1), Integer.parseInt(e.group(2)));
            if (src.isPresent()) {
                Matcher c = CALL_AT_LINE_START.matcher(src.get());
                if (c.find() && !KEYWORDS.contains(c.group(1))) return Optional.of(c.group(1));
            }
        }
        return Optional.empty();
    }

    /** Line {@code n} (1-based) of a source file a message names, when it is a readable regular file of sane size. */
    private static Optional<String> sourceLine(String file, int n) {
        try {
            Path p = Path.of(file);
            if (!Files.isRegularFile(p) || Files.size(p) > (8 << 20) || n < 1) return Optional.empty();
            try (var lines = Files.lines(p, java.nio.charset.StandardCharsets.ISO_8859_1)) {
                return lines.skip(n - 1).findFirst();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
