package dev.hitless.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/entry-formats.md cannot drift from the formats: each format's section names every field and every named
 * value, and every "docs/entry-formats.md section N" cited in the sources is a heading of the file.
 */
class EntryFormatsDocTest {
    private static final Path DOC = Path.of("..", "docs", "entry-formats.md");
    private static final Pattern CITATION = Pattern.compile("entry-formats\\.md\\s+(?:\\*\\s+)?sections?\\s+([0-9.]+[0-9])(?: and ([0-9.]+[0-9]))?");

    static List<EntryFormat> formats() {
        return Formats.all();
    }

    @ParameterizedTest
    @MethodSource("formats")
    void theFormatsSectionNamesEveryFieldAndValue(EntryFormat f) throws IOException {
        String section = section(Files.readString(DOC), "(`" + f.name() + "`");
        for (Field x : f.fields()) {
            assertTrue(section.contains(x.name()), f.name() + ": field " + x.name() + " missing from the doc");
            for (String v : x.values().values()) {
                assertTrue(section.contains("`" + v + "`"), f.name() + ": " + x.name() + " value " + v + " missing");
            }
        }
    }

    @Test
    void everyCitedSectionExists() throws IOException {
        String doc = Files.readString(DOC);
        int cited = 0;
        try (Stream<Path> files = Files.walk(Path.of("src"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = CITATION.matcher(Files.readString(p));
                while (m.find()) {
                    for (String n : new String[]{m.group(1), m.group(2)}) {
                        if (n == null) continue;
                        cited++;
                        String heading = (n.contains(".") ? "### " : "## ") + n + (n.contains(".") ? " " : ". ");
                        assertTrue(doc.contains("\n" + heading), p + " cites section " + n + ", which the doc lacks");
                    }
                }
            }
        }
        assertTrue(cited >= 5, "expected the formats and their tests to cite sections, found " + cited);
    }

    /** From the heading containing {@code marker} to the next top-level heading. */
    private static String section(String doc, String marker) {
        int at = doc.indexOf(marker);
        assertTrue(at >= 0, "no section for " + marker);
        int start = doc.lastIndexOf("\n## ", at);
        int end = doc.indexOf("\n## ", at);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }
}
