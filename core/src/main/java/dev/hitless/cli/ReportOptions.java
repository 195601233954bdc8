package dev.hitless.cli;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The report options of the commands that judge many cells ({@code matrix}, {@code c-check}), a picocli mixin:
 * {@code --json [FILE]}, {@code --junit-xml FILE} and {@code --html FILE}, each {@code -} for standard output. The
 * files are declared before the run ({@link #declare}), so a mistake costs no run, and written all or none with
 * the command's other outputs ({@link ReportFiles}).
 */
final class ReportOptions {
    @Option(names = "--json", paramLabel = "FILE", arity = "0..1", fallbackValue = "-",
            description = "write every cell as JSON to FILE, or to stdout (instead of the table) when FILE is omitted or -")
    String json;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "write one JUnit testcase per cell to FILE (for CI; - for stdout, instead of the table)")
    String junit;

    @Option(names = "--html", paramLabel = "FILE",
            description = "write a self-contained HTML page to FILE (- for stdout, instead of the table): a grid per ordering x visibility x reader, click a cell for its plan and counterexample")
    String html;

    /** Declares the report files given into {@code files}, which holds the command's inputs and other outputs. */
    ReportFiles declare(ReportFiles files) {
        return files.add("--json", json).add("--junit-xml", junit).add("--html", html);
    }

    /** The texts of the three reports, for {@link ReportFiles#publish}, each made only when its report is asked for. */
    static Map<String, Supplier<String>> texts(Supplier<String> jsonText, Supplier<String> junitText, Supplier<String> htmlText) {
        Map<String, Supplier<String>> m = new LinkedHashMap<>();
        m.put("--json", jsonText);
        m.put("--junit-xml", junitText);
        m.put("--html", htmlText);
        return m;
    }
}
