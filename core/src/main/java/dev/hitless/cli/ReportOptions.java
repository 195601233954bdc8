package dev.hitless.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The report options of the commands that judge many cells ({@code matrix}, {@code c-check}), a picocli mixin:
 * {@code --json [FILE]}, {@code --junit-xml FILE} and {@code --html FILE}. The files are checked before the run ({@link #check}), so a
 * mistake costs no run, and written whole or not at all ({@link ReportFiles}).
 */
final class ReportOptions {
    @Option(names = "--json", paramLabel = "FILE", arity = "0..1", fallbackValue = "-",
            description = "write every cell as JSON to FILE, or to stdout (instead of the table) when FILE is omitted or -")
    String json;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "write one JUnit testcase per cell to FILE (for CI)")
    String junit;

    @Option(names = "--html", paramLabel = "FILE",
            description = "write a self-contained HTML page to FILE: a grid per ordering x visibility x reader, click a cell for its plan and counterexample")
    String html;

    private Path jsonFile, junitFile, htmlFile;

    /** Checks the files named; a {@link BadInput} for a name that cannot be written or one file named twice. */
    void check() {
        jsonFile = json == null || jsonToStdout() ? null : ReportFiles.check("--json", json);
        junitFile = junit == null ? null : ReportFiles.check("--junit-xml", junit);
        htmlFile = html == null ? null : ReportFiles.check("--html", html);
        same("--json", jsonFile, "--junit-xml", junitFile);
        same("--json", jsonFile, "--html", htmlFile);
        same("--junit-xml", junitFile, "--html", htmlFile);
    }

    private static void same(String option, Path file, String other, Path otherFile) {
        if (file != null && file.equals(otherFile)) {
            throw new BadInput(option + " and " + other + " both name " + file + "; give each report its own file");
        }
    }

    /** True when the JSON report goes to stdout instead of the table. */
    boolean jsonToStdout() {
        return "-".equals(json);
    }

    /** Writes the report files {@link #check checked} before, all or none; call it before printing the result. */
    void write(Supplier<String> jsonText, Supplier<String> junitText, Supplier<String> htmlText) {
        Map<Path, String> reports = new LinkedHashMap<>();
        if (jsonFile != null) reports.put(jsonFile, jsonText.get());
        if (junitFile != null) reports.put(junitFile, junitText.get());
        if (htmlFile != null) reports.put(htmlFile, htmlText.get());
        ReportFiles.writeAll(reports);
    }
}
