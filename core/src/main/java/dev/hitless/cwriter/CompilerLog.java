package dev.hitless.cwriter;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one line of a failed compile that says why: a missing writer function, an undefined reference, the compiler's
 * first error as it prints it ({@code file:line:column: error: ...}), or the linker's reason (a multiple definition,
 * a library not found), never a line that only says where the next one applies ({@code in function `main':}).
 * The compiler's output is untrusted text ({@link UntrustedText}): the line is quoted as one line whatever it holds.
 */
final class CompilerLog {
    private CompilerLog() {
    }

    /** Lines that only give the place of the message that follows them, and the driver's closing summary. */
    private static final Pattern CONTEXT = Pattern.compile(
            "(?i).*(\\bin function [`'\u2018].*[`'\u2019]:|In file included from .*|: At top level:|\\bnote:.*|\\bwarning:.*)$|collect2: .*|\\s*\\|.*|\\s*\\d+\\s*\\|.*");

    /**
     * The message for a compile of {@code file} that exited with {@code code}, from its output.
     *
     * @param entry the writer function's name, to recognise its absence
     */
    static String failure(String file, String output, String entry, int code) {
        List<String> lines = UntrustedText.lines(output);
        if (lines.stream().anyMatch(l -> l.contains("undefined reference to `" + entry + "'"))) {
            return file + " defines no writer function " + entry + " (void " + entry
                    + "(__le64 *entry, const __le64 *target), not static)" + (entry.equals(CWriter.Options.DEFAULT_ENTRY)
                    ? "; name yours with --entry NAME" : "");
        }
        Optional<String> undefined = lines.stream().filter(l -> l.contains("undefined reference to")).findFirst();
        if (undefined.isPresent()) {
            String l = undefined.get();
            return file + " does not link: " + UntrustedText.oneLine(l.substring(l.indexOf("undefined reference to")))
                    + " (define it in the file, or in a stub header passed with --include-dir)";
        }
        Optional<String> error = lines.stream().filter(l -> l.contains("error:") && !l.startsWith("collect2")).findFirst();
        if (error.isPresent()) return file + " does not compile: " + UntrustedText.oneLine(error.get());
        Optional<String> reason = lines.stream().filter(l -> !CONTEXT.matcher(l).matches()).findFirst();
        if (reason.isPresent()) {
            String r = reason.get();
            boolean link = r.contains("multiple definition") || r.matches(".*\\bld(\\.\\w+)?: .*") || r.contains("(.text");
            String hint = r.contains("multiple definition of `main'") || r.contains("multiple definition of `hitless_")
                    ? " (the harness defines main and the hitless_ functions: remove or rename the file's own)" : "";
            return file + (link ? " does not link: " : " does not compile: ") + UntrustedText.oneLine(r) + hint;
        }
        return file + " does not compile: the compiler exited with code " + code
                + (lines.isEmpty() ? " and printed nothing" : ": " + UntrustedText.oneLine(lines.get(0)));
    }
}
