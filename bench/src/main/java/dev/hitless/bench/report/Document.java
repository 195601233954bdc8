package dev.hitless.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The report being built: its Markdown and the charts it links, held in memory until every section is done, so
 * that a section that refuses its results leaves no file behind. {@link #write} draws the charts, then writes
 * {@code report.md} last, through a temporary file and a move.
 */
final class Document {
    private final StringBuilder md = new StringBuilder();
    private final List<Chart> charts = new ArrayList<>();

    /** A bar chart to draw into {@code file} (a name in the output directory). */
    private record Chart(String file, String title, String xLabel, String yLabel, Charts.Bars bars) {
    }

    Document text(String s) {
        md.append(s);
        return this;
    }

    /** One table row: {@code | a | b | c |}. */
    Document row(Object... cells) {
        md.append('|');
        for (Object c : cells) md.append(' ').append(c).append(" |");
        md.append('\n');
        return this;
    }

    /** Adds a chart and links it: {@code ![alt](file)}. */
    Document chart(String file, String alt, String title, String xLabel, String yLabel, Charts.Bars bars) {
        charts.add(new Chart(file, title, xLabel, yLabel, bars));
        md.append("![").append(alt).append("](").append(file).append(")\n\n");
        return this;
    }

    String markdown() {
        return md.toString();
    }

    /** Writes the charts and then {@code report.md} into {@code dir}; returns the files, report.md first. */
    List<Path> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Chart c : charts) {
            Path png = dir.resolve(c.file());
            Charts.bar(png, c.title(), c.xLabel(), c.yLabel(), c.bars());
            written.add(png);
        }
        Path md = dir.resolve("report.md");
        Path tmp = dir.resolve("report.md.tmp");
        Files.writeString(tmp, markdown());
        Files.move(tmp, md, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        written.add(0, md);
        return written;
    }
}
