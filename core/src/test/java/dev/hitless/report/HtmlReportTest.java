package dev.hitless.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitless.check.Checker;
import dev.hitless.check.Counterexample;
import dev.hitless.matrix.Matrix;
import dev.hitless.check.Verdict;
import dev.hitless.check.Requirement;
import dev.hitless.cli.Main;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.format.NarrowFormats;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Plan;
import dev.hitless.plan.PlanPrinter;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code --html} page, parsed as a browser parses it (jsoup; the real browser test is its own module): the DOM
 * contract of issue 14, cell by cell against the checker, the embedded detail data against {@link Counterexample},
 * no external resource, and input escaped. The page's script is not run here.
 */
class HtmlReportTest {
    @TempDir
    static Path dir;

    record Run(int code, String out, String err) {
    }

    static Run hitless(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The whole default matrix, as {@code hitless matrix --format all --html FILE} writes it, and its stdout. */
    static String matrixHtml;
    static Document matrix;
    static Run matrixRun;
    static JsonNode matrixData;

    @BeforeAll
    static void writeTheDefaultMatrix() throws IOException {
        Path file = dir.resolve("m.html");
        matrixRun = hitless("matrix", "--format", "all", "--html", file.toString());
        assertEquals(1, matrixRun.code(), matrixRun.err());
        matrixHtml = Files.readString(file);
        matrix = Jsoup.parse(matrixHtml);
        matrixData = data(matrix);
    }

    static JsonNode data(Document d) throws IOException {
        Element blob = d.selectFirst("script[type=application/json]#data");
        assertNotNull(blob, "the data blob");
        return new ObjectMapper().readTree(blob.data());
    }

    /** The grid of an ordering and reader under the format's own visibility. */
    static Element grid(Document d, String format, String ordering, String reader) {
        Elements g = d.select("table.grid[data-format=" + format + "][data-ordering=" + ordering + "][data-reader=" + reader
                + "][data-format-default]");
        assertEquals(1, g.size(), "one grid for " + format + " " + ordering + " " + reader + " (the format's visibility)");
        return g.first();
    }

    static Element grid(Document d, String format, String ordering, Visibility v, String reader) {
        Elements g = d.select("table.grid[data-format=" + format + "][data-ordering=" + ordering + "][data-visibility="
                + v.label() + "][data-reader=" + reader + "]");
        assertEquals(1, g.size(), "one grid for " + format + " " + ordering + " " + v.label() + " " + reader);
        return g.first();
    }

    static Element cell(Element grid, String from, String to) {
        Elements c = grid.select("td.cell[data-from=" + from + "][data-to=" + to + "]");
        assertEquals(1, c.size(), "one cell " + from + " -> " + to);
        return c.first();
    }

    @Test
    void everyCellOfTheMatrixIsInItsGridWithItsVerdictSyncsAndRequirement() {
        List<Matrix.Cell> cells = Matrix.run(Formats.all(), Orderings.builtIns(), null,
                List.of(Visibility.values()), null, true, true);
        // VT-d, STE, CD: 4590 cells under the three presets; AMD-Vi: 90 transitions, its 11 orderings, 5 readers
        // (the three presets, strict-128, strict-64); RISC-V DC: 56 + 30 transitions, the 7 orderings that fit, 3 presets;
        // VT-d context entries: 20 + 30 transitions, 10 orderings, 3 readers (strict, sticky, strict-64: ascending is
        // strict for one 128-bit read)
        assertEquals(2 * (4590 + 90 * 11 * 4 + (56 + 30) * 7 * 3 + (20 + 30) * 10 * 3), cells.size(), "the default matrix: every cell under both visibilities (amd-dte: 4 readers, ascending being strict for one 256-bit read)");
        Map<String, List<Matrix.Cell>> grids = cells.stream().collect(Collectors.groupingBy(
                c -> c.format().name() + " " + c.ordering().name() + " " + c.visibility() + " " + c.reader()));
        assertEquals(grids.size(), matrix.select("table.grid").size(), "a grid per (format, ordering, visibility, reader)");
        assertEquals(cells.size(), matrix.select("td.cell").size(), "a cell per transition and grid");
        for (List<Matrix.Cell> gc : grids.values()) {
            Matrix.Cell first = gc.get(0);
            Element g = grid(matrix, first.format().name(), first.ordering().name(), first.visibility(), first.reader());
            assertEquals(first.formatDefaultVisibility(), g.hasAttr("data-format-default"), "the format's own visibility is marked");
            assertTrue(g.selectFirst("caption").text().contains(" / " + first.visibility().label()
                    + (first.formatDefaultVisibility() ? " (format default)" : "") + " / "), "the caption names the visibility");
            int n = first.format().catalogue().size();
            assertEquals(n, g.select("td.self").size(), "the diagonal is empty");
            List<String> names = first.format().catalogue().stream().map(NamedConfig::name).toList();
            assertEquals(names, g.select("th.to").eachText(), "columns: to, in catalogue order");
            assertEquals(names, g.select("th.from").eachText(), "rows: from, in catalogue order");
            for (Matrix.Cell c : gc) {
                Element td = cell(g, c.from().name(), c.to().name());
                String v = c.result().verdict().name();
                assertEquals(v, td.attr("data-verdict"));
                assertTrue(td.hasClass("verdict-" + v.toLowerCase()), td.outerHtml());
                assertEquals(String.valueOf(c.result().entrySyncs()), td.attr("data-syncs"));
                assertEquals(String.valueOf(c.result().entrySyncs()), td.text(), "the cell shows the sync count");
                assertEquals(String.valueOf(c.met()), td.attr("data-met"));
                Plan plan = c.result().plan();
                JsonNode p = matrixData.get("plans").get(matrixData.get("cells").get(Integer.parseInt(td.attr("data-i"))).get("p").asInt());
                assertEquals(PlanPrinter.lines(c.format(), plan.current(), plan.steps()), lines(matrixData, p.get("s")), "the plan's steps");
                assertEquals(plan.toString(), String.join("\n", lines(matrixData, p.get("h"))) + "\n"
                        + String.join("", lines(matrixData, p.get("s")).stream().map(l -> l + "\n").toList())
                        + String.join("", lines(matrixData, p.get("t")).stream().map(l -> l + "\n").toList()), "the whole plan as check prints it");
            }
        }
    }

    /**
     * The grid and the detail data of formats narrower than 512 bits (the 4-qword test format read whole, the
     * 2-qword one read by qword): one read per chunk of the format's width, the qwords as read, the observed entry in
     * the format's width.
     */
    @Test
    void theGridOfANarrowEntryShowsItsOwnChunks() throws IOException {
        List<EntryFormat> formats = NarrowFormats.all();
        List<Matrix.Cell> cells = Matrix.run(formats, List.of(Orderings.byName("struct-copy"), Orderings.byName("used-bits-64")),
                List.of("strict", "ascending"), null, true, false);
        String html = HtmlReport.page(new HtmlReport.Summary("narrow", List.of("result: test"), 1, "a test"), formats, cells,
                c -> c.result().verdict().name());
        Document d = Jsoup.parse(html);
        JsonNode data = data(d);
        int withCounterexample = 0;
        for (Matrix.Cell c : cells) {
            Element td = cell(grid(d, c.format().name(), c.ordering().name(), c.reader()), c.from().name(), c.to().name());
            assertEquals(c.result().verdict().name(), td.attr("data-verdict"));
            JsonNode json = data.get("cells").get(Integer.parseInt(td.attr("data-i")));
            if (c.result().counterexample().isEmpty()) continue;
            Counterexample cx = c.result().counterexample().get();
            assertEquals(c.format().qwords(), cx.observed().qwords());
            assertSameCounterexample(data, json, cx);
            withCounterexample++;
        }
        assertTrue(withCounterexample >= 10, "cells with a counterexample: " + withCounterexample);
    }

    @Test
    void knownCells() {
        assertEquals("TORN", cell(grid(matrix, "vtd-pasid", "struct-copy", "strict"), "fl-did5-a", "fl-did6-b").attr("data-verdict"));
        // used-bits-128 falls back to a breaking update where DID (quantum 0) and FSPTPTR (quantum 1) both change
        assertEquals("BREAKING", cell(grid(matrix, "vtd-pasid", "used-bits-128", "strict"), "fl-did5-a", "fl-did6-b").attr("data-verdict"));
        assertEquals("TORN", cell(grid(matrix, "vtd-pasid", "struct-copy", "strict"), "fl-did5-a", "sl-did7-a").attr("data-verdict"));
        assertEquals("HITLESS", cell(grid(matrix, "vtd-pasid", "used-bits-128", "strict"), "fl-did5-a", "sl-did7-a").attr("data-verdict"));
        assertEquals("TORN", cell(grid(matrix, "vtd-pasid", "clear-then-update", "strict"), "fl-did5-a", "fl-did6-b").attr("data-verdict"));
        assertEquals("BREAKING", cell(grid(matrix, "vtd-pasid", "clear-then-update", "ascending"), "fl-did5-a", "fl-did6-b").attr("data-verdict"));
    }

    @Test
    void summaryBodyAndFiltersFollowTheContract() {
        Element body = matrix.body();
        assertEquals("1", body.attr("data-exit-code"));
        assertEquals("FAIL", body.attr("data-result"));
        List<String> summary = matrix.select("#summary p").eachText();
        List<String> stdout = matrixRun.out().lines().toList();
        assertTrue(stdout.contains(summary.get(0)) && summary.get(0).startsWith("requirement: "), "the table's requirement line: " + summary);
        assertTrue(stdout.contains(summary.get(1)) && summary.get(1).startsWith("result: FAIL, ")
                && summary.get(1).contains(" of 23712 cells"), "the table's result line: " + summary);
        assertTrue(summary.get(2).startsWith("exit code 1: "), summary.get(2));
        assertEquals(List.of("", "struct-copy", "clear-then-update", "used-bits-64", "used-bits-128", "used-bits-128-draft",
                "used-bits-64-no-wmb", "entry-sync-64", "entry-sync-128", "amd-update-dte256", "xen-no-cx16",
                "amd-2009-v-first", "riscv-iodir", "riscv-qos-in-place", "vtd-context-2026", "vtd-context-pre-2026"),
                matrix.select("select#filter-ordering option").eachAttr("value"));
        assertEquals(List.of("", "in-order", "barrier-ordered"), matrix.select("select#filter-visibility option").eachAttr("value"));
        assertEquals(List.of("", "strict", "ascending", "sticky", "strict-128", "strict-64") /* amd-dte's what-if readers */, matrix.select("select#filter-reader option").eachAttr("value"));
        assertEquals(List.of("", "HITLESS", "BREAKING", "UNINIT", "UNTRANSLATED", "TORN"), matrix.select("select#filter-verdict option").eachAttr("value"));
        assertNotNull(matrix.selectFirst("#detail"), "the detail panel");
    }

    @Test
    void theTornCellsDataIsTheCounterexampleAndThePlanCheckPrints() {
        EntryFormat f = Formats.vtd();
        Element td = cell(grid(matrix, "vtd-pasid", "struct-copy", "strict"), "fl-did5-a", "fl-did6-b");
        JsonNode c = matrixData.get("cells").get(Integer.parseInt(td.attr("data-i")));
        Plan plan = Orderings.byName("struct-copy").plan(f, f.parseConfig("fl-did5-a"), f.parseConfig("fl-did6-b"));
        Counterexample cx = Checker.check(plan, ReaderModel.preset("strict", f)).counterexample().orElseThrow();
        assertSameCounterexample(matrixData, c, cx);

        // the plan's step lines are those `check` prints, numbered as it numbers them
        Run check = hitless("check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering", "struct-copy");
        List<String> steps = lines(matrixData, matrixData.get("plans").get(c.get("p").asInt()).get("s"));
        assertEquals(PlanPrinter.lines(f, plan.current(), plan.steps()), steps);
        for (String s : steps) assertTrue(check.out().contains(s + "\n"), "check prints " + s);
        for (String l : lines(matrixData, c.get("t"))) assertTrue(check.out().contains(l + "\n"), "the verdict text is check's: " + l);
        JsonNode x = matrixData.get("counterexamples").get(c.get("x").asInt());
        assertTrue(check.out().contains(line(matrixData, x.get("head"))), "the counterexample's first line is check's");
        for (JsonNode r : x.get("reads")) {
            assertTrue(check.out().contains(r.get(3).asText()), "check prints the qwords read " + r);
        }
    }

    static void assertSameCounterexample(JsonNode data, JsonNode cell, Counterexample cx) {
        JsonNode x = data.get("counterexamples").get(cell.get("x").asInt());
        assertEquals(cx.stepsExecuted(), x.get("done").asInt(), "the step after which the fetch completes");
        assertEquals(cx.seen().name(), x.get("seen").asText());
        Map<Integer, JsonNode> reads = new HashMap<>();
        for (JsonNode r : x.get("reads")) reads.put(r.get(0).asInt(), r);
        assertEquals(cx.model().chunks(cx.plan().format()), reads.size(), "one read per chunk");
        for (int ch = 0; ch < cx.model().chunks(cx.plan().format()); ch++) {
            JsonNode r = reads.get(ch);
            assertEquals(cx.readAfterSteps()[ch], r.get(1).asInt(), "chunk " + ch + " read after step");
            assertEquals(String.valueOf(cx.observation().chunk(ch)), r.get(2).asText(), "chunk " + ch + " letter");
            assertEquals(Arrays.stream(cx.chunkRead(ch)).mapToObj(Entry::hex).collect(Collectors.joining(" ")), r.get(3).asText());
            assertEquals(cx.chunkName(ch), data.get("models").get(cell.get("m").asInt()).get("chunks").get(ch).asText());
        }
        assertEquals(cx.observed().toString(), line(data, x.get("observed")));
        assertEquals(cx.fields().lines().map(String::stripTrailing).toList(), lines(data, x.get("fields")));
    }

    static String line(JsonNode data, JsonNode index) {
        return data.get("lines").get(index.asInt()).asText();
    }

    static List<String> lines(JsonNode data, JsonNode indexes) {
        List<String> out = new ArrayList<>();
        for (JsonNode i : indexes) out.add(line(data, i));
        return out;
    }

    /** The known struct-copy counterexample: the fetch completes after step 2, the DID new, FSPTPTR old. */
    @Test
    void theTornCellNamesStepTwoAndTheOldChunkOne() {
        Element td = cell(grid(matrix, "vtd-pasid", "struct-copy", "strict"), "fl-did5-a", "fl-did6-b");
        JsonNode x = matrixData.get("counterexamples").get(matrixData.get("cells").get(Integer.parseInt(td.attr("data-i"))).get("x").asInt());
        assertEquals(2, x.get("done").asInt());
        JsonNode chunk1 = null;
        for (JsonNode r : x.get("reads")) if (r.get(0).asInt() == 1) chunk1 = r;
        assertNotNull(chunk1);
        assertEquals("o", chunk1.get(2).asText());
        assertEquals("0x0000000000100000 0x0000000000000000", chunk1.get(3).asText());
    }

    @Test
    void noExternalResources() {
        assertFalse(matrixHtml.contains("http://") || matrixHtml.contains("https://"), "no URL in the page");
        assertTrue(matrix.select("[src], link, iframe, object, embed, img").isEmpty(), "nothing loaded from elsewhere");
        assertFalse(matrixHtml.contains("@import") || matrixHtml.contains("url("), "no CSS import or url()");
        assertEquals(2, matrix.select("script").size(), "the data blob and the inline script");
        assertFalse(matrixHtml.contains("fetch(") || matrixHtml.contains("XMLHttpRequest"), "the script loads nothing");
    }

    /**
     * The size the docs state: about 510 bytes a cell for the whole default matrix (2.9 MB for 5,640 cells); fails if
     * a cell grows by half.
     */
    @Test
    void theWholeMatrixPageStaysSmall() {
        int bytes = matrixHtml.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        int cells = matrix.select("td.cell").size();
        assertTrue(bytes < 800 * cells, "page of the whole default matrix: " + bytes + " bytes for " + cells + " cells");
    }

    @Test
    void theCheckPageShowsOneTransition() throws IOException {
        Path file = dir.resolve("c.html");
        Run r = hitless("check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering",
                "clear-then-update", "--html", file.toString());
        assertEquals(1, r.code(), r.err());
        Document d = Jsoup.parse(Files.readString(file));
        assertEquals("1", d.body().attr("data-exit-code"));
        assertEquals("FAIL", d.body().attr("data-result"));
        Element g = grid(d, "vtd-pasid", "clear-then-update", "strict");
        assertEquals(1, d.select("table.grid").size());
        assertEquals(1, d.select("td.cell").size());
        Element td = cell(g, "fl-did5-a", "fl-did6-b");
        assertEquals("TORN", td.attr("data-verdict"));
        assertEquals("false", td.attr("data-met"));
        List<String> summary = d.select("#summary p").stream().map(Element::wholeText).toList();
        // check's reader, visible, verdict and require lines, its attach lines (sequence, steps, tags, caches, cost,
        // overall), and the exit code's reason
        assertEquals("reader   ", summary.get(0).substring(0, 9), summary.toString());
        assertTrue(summary.stream().anyMatch(l -> l.startsWith("caches   clean")), summary.toString());
        assertTrue(summary.getLast().startsWith("exit code 1"), summary.toString());
        for (String s : summary.subList(0, summary.size() - 1)) assertTrue(r.out().contains(s + "\n"), "check prints " + s);
        EntryFormat f = Formats.vtd();
        Plan plan = Orderings.byName("clear-then-update").plan(f, f.parseConfig("fl-did5-a"), f.parseConfig("fl-did6-b"));
        JsonNode data = data(d);
        assertSameCounterexample(data, data.get("cells").get(0), Checker.check(plan, ReaderModel.preset("strict", f)).counterexample().orElseThrow());

        // with reader options the grid names the model instead of the preset
        Run r2 = hitless("check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering",
                "used-bits-64", "--chunk", "64", "--order", "ascending", "--html", file.toString());
        assertEquals(0, r2.code(), r2.err());
        Document d2 = Jsoup.parse(Files.readString(file));
        assertEquals("OK", d2.body().attr("data-result"));
        assertEquals("64b/ascending/none/in-order", d2.selectFirst("table.grid").attr("data-reader"));
        assertEquals("in-order", d2.selectFirst("table.grid").attr("data-visibility"));

        // --visibility other than the format's: the grid says so, and is not marked as the format's own
        Run r3 = hitless("check", "--format", "vtd-pasid", "--from", "fl-did5-a", "--to", "fl-did6-b", "--ordering",
                "used-bits-64", "--visibility", "barrier-ordered", "--html", file.toString());
        Document d3 = Jsoup.parse(Files.readString(file));
        assertEquals("barrier-ordered", d3.selectFirst("table.grid").attr("data-visibility"), r3.err());
        assertFalse(d3.selectFirst("table.grid").hasAttr("data-format-default"));
    }

    @Test
    void inputIsEscapedAndTheBlobCannotEndItsScript() throws IOException {
        EntryFormat f = Formats.vtd();
        String evil = "<img src=x onerror=alert(1)>\"'&";
        NamedConfig a = new NamedConfig(evil, "x", f.parseConfig("fl-did5-a")), b = f.catalogue().get(1);
        Plan plan = Orderings.byName("struct-copy").plan(f, a.entry(), b.entry());
        var cell = new Matrix.Cell(f, a, b, Orderings.byName("struct-copy"), "strict",
                Checker.check(plan, ReaderModel.preset("strict", f)), Requirement.SAFE, false);
        String text = "</script><script>alert(2)</script><!-- " + evil;
        String html = HtmlReport.page(new HtmlReport.Summary("</title>" + evil, List.of(evil), 1, evil), List.of(f),
                List.of(cell), c -> text);
        Document d = Jsoup.parse(html);
        assertTrue(d.select("img").isEmpty(), "no element from input");
        assertEquals(2, d.select("script").size(), "no script from input");
        assertEquals("</title>" + evil, d.title());
        assertEquals(evil, d.selectFirst("td.cell").attr("data-from"));
        assertEquals(evil, d.selectFirst("#summary p").text());
        assertEquals(text, String.join("\n", lines(data(d), data(d).get("cells").get(0).get("t"))), "the blob holds the text unchanged");
    }

    @Test
    void theVisibilityFilterIsInTheScriptAndEveryGridHasAVisibility() {
        assertTrue(matrixHtml.contains("[\"ordering\", \"visibility\", \"reader\", \"verdict\", \"attach\"]"), "the script reads the visibility filter");
        assertTrue(matrixHtml.contains("t.dataset.visibility === vis"), "and filters grids by it");
        for (Element g : matrix.select("table.grid")) {
            assertTrue(Visibility.labels().contains(g.attr("data-visibility")), g.attr("data-visibility"));
            EntryFormat f = Formats.byName(g.attr("data-format"));
            assertEquals(Visibility.defaultFor(f).label().equals(g.attr("data-visibility")), g.hasAttr("data-format-default"));
        }
    }

    @Test
    void aVerdictWithoutAColourIsGrey() {
        assertEquals(Set.of("HITLESS", "BREAKING", "LEAK", "STALE", "UNINIT", "UNTRANSLATED", "TORN"), HtmlReport.VERDICT_COLOURS.keySet());
        assertEquals(HtmlReport.VERDICT_COLOURS.size(), Set.copyOf(HtmlReport.VERDICT_COLOURS.values()).size(), "a colour each");
        assertTrue(matrixHtml.contains("td.cell, .legend span { background-color: " + HtmlReport.OTHER_COLOUR + "; }"));
        for (var e : HtmlReport.VERDICT_COLOURS.entrySet()) {
            assertTrue(matrixHtml.contains("td.cell.verdict-" + e.getKey().toLowerCase() + ", .legend .verdict-"
                    + e.getKey().toLowerCase() + " { background-color: " + e.getValue() + "; }"), e.getKey());
        }
    }

    /** With an attach axis, a grid per sequence, cells coloured by the combined verdict, the tag run in the detail. */
    @Test
    void theAttachAxisHasAGridPerSequence() throws IOException {
        Path file = dir.resolve("attach.html");
        Run r = hitless("matrix", "--format", "vtd-pasid", "--ordering", "used-bits-128", "--reader", "strict", "--visibility", "in-order",
                "--attach", "vtd-corrected", "--attach", "vtd-rid-2024", "--html", file.toString());
        assertEquals(0, r.code(), r.out());
        Document d = Jsoup.parse(Files.readString(file));
        assertEquals(2, d.select("table.grid").size());
        Element corrected = d.selectFirst("table.grid[data-attach=vtd-corrected]");
        Element rid = d.selectFirst("table.grid[data-attach=vtd-rid-2024]");
        assertEquals("BREAKING", cell(corrected, "fl-did5-a", "fl-did6-b").attr("data-verdict"));
        Element stale = cell(rid, "fl-did5-a", "fl-did6-b");
        assertEquals("STALE", stale.attr("data-verdict"));
        assertTrue(stale.hasClass("verdict-stale") && stale.hasClass("xfail"), stale.outerHtml());
        assertEquals(List.of("", "vtd-corrected", "vtd-rid-2024"), d.select("#filter-attach option").eachAttr("value"));
        assertTrue(d.select("style").html().contains("td.cell.verdict-stale"), "STALE has a colour of its own");
        JsonNode c = data(d).get("cells").get(Integer.parseInt(stale.attr("data-i")));
        assertTrue(lines(data(d), c.get("t")).stream().anyMatch(l -> l.startsWith("shortest run to STALE (5 moves;")),
                "the cell's detail carries the three-lane run");
    }
}
