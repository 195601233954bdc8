package dev.hitless.bench.report;

/**
 * The results do not hold what the report needs (a benchmark, a parameter, a counter, a method it knows): one
 * sentence, printed as {@code Report: ...} with exit code 1, and nothing is written.
 */
final class ReportException extends RuntimeException {
    ReportException(String message) {
        super(message);
    }
}
