package dev.hitless.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hitless.check.CheckResult;
import dev.hitless.check.Counterexample;
import dev.hitless.matrix.Matrix;
import dev.hitless.matrix.Matrix.Cell;
import dev.hitless.check.Verdict;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.NamedConfig;
import dev.hitless.plan.Plan;
import dev.hitless.plan.PlanPrinter;
import dev.hitless.reader.Visibility;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checker's cells as one self-contained HTML page ({@code matrix --html}, {@code check --html}): inline CSS and
 * JavaScript from the template {@code page.html} next to this class, no network. The page holds, per format, a grid
 * of transitions (rows from, columns to) for each ordering x visibility x reader, each cell coloured by its verdict and showing
 * the entry-sync count; clicking a cell shows the plan and the shortest counterexample as lanes (writer | reader),
 * drawn as inline SVG by the page's script from the data embedded as JSON.
 *
 * <p>The DOM is a contract with the browser test (issue 14): {@code body[data-exit-code][data-result]},
 * {@code #summary}, the filters {@code #filter-ordering}, {@code #filter-visibility}, {@code #filter-reader},
 * {@code #filter-verdict}, {@code table.grid[data-format][data-ordering][data-visibility][data-reader]} (the
 * visibility's label; {@code data-format-default} when it is the format's own) with cells
 * {@code td.cell.verdict-V[data-verdict][data-from][data-to][data-syncs][data-met]} (diagonal {@code td.self}), and
 * the detail panel {@code #detail} with {@code #detail-title}, {@code #detail-plan tr[data-step]}, {@code svg#lanes}
 * ({@code g.step[data-step]}, {@code g.read[data-chunk][data-after-step]}) and {@code #detail-observed}. A cell the
 * filters hide carries the {@code hidden} attribute and keeps its place in the grid.
 *
 * <p>Every text comes from the printers the terminal uses ({@link PlanPrinter}, {@link Counterexample}, the verdict
 * text the caller gives), so the page says what {@code hitless check} says for the same cell. Everything from input
 * (configuration names, ordering names and descriptions, plan file names) is HTML-escaped; the JSON blob is escaped
 * so that it cannot end its script element.
 *
 * <p>Size: plans, verdict texts and counterexamples are each stored once and referenced by index (a plan is shared by
 * the cells of its readers, and two readers often share a counterexample).
 */
public final class HtmlReport {
    private HtmlReport() {
    }

    /**
     * Cell colour per verdict name; a verdict not listed here (one a later reader model adds) is drawn grey. Keyed by
     * name, not by the {@code Verdict} enum, so that the page stays open to verdicts it does not know.
     */
    static final Map<String, String> VERDICT_COLOURS = Map.of(
            "HITLESS", "#4caf50",
            "BREAKING", "#f0a020",
            "LEAK", "#8d6e63",
            "STALE", "#c2185b",
            "UNINIT", "#ab47bc",
            "UNTRANSLATED", "#6a1b9a",
            "TORN", "#e53935");

    /** The grey of a verdict without a colour of its own. */
    static final String OTHER_COLOUR = "#9e9e9e";

    /**
     * What the page says on top.
     *
     * @param title the page title (e.g. the command line's gist)
     * @param lines the requirement and result sentences, as the text report words them
     * @param exitCode the exit code of the run the page reports
     * @param exitReason why the run exits with that code, in words
     */
    public record Summary(String title, List<String> lines, int exitCode, String exitReason) {
        public Summary {
            lines = List.copyOf(lines);
        }
    }

    /**
     * The page for {@code cells}.
     *
     * @param formats the formats in the order their grids are shown
     * @param verdictText per cell, the verdict text {@code hitless check} prints for it (reader, verdict, require lines)
     */
    public static String page(Summary summary, List<EntryFormat> formats, List<Cell> cells, Function<Cell, String> verdictText) {
        Data data = new Data(verdictText);
        StringBuilder grids = new StringBuilder();
        for (EntryFormat f : formats) {
            List<Cell> fc = cells.stream().filter(c -> c.format() == f).toList();
            if (fc.isEmpty()) continue;
            grids.append("<section class=\"format\" data-format=\"").append(esc(f.name())).append("\">\n<h2>")
                    .append(esc(f.name())).append(": ").append(esc(f.title())).append("</h2>\n<div class=\"grids\">\n");
            // the grids in first-seen order of (ordering, attach sequence, visibility, reader); rows and columns in the order of the
            // configurations
            Map<String, List<Cell>> byGrid = new LinkedHashMap<>();
            for (Cell c : fc) {
                byGrid.computeIfAbsent(c.ordering().name() + "\0" + c.attachName() + "\0" + c.visibility() + "\0" + c.reader(),
                        k -> new ArrayList<>()).add(c);
            }
            for (List<Cell> gc : byGrid.values()) grid(grids, f, gc, data);
            grids.append("</div>\n</section>\n");
        }
        Map<String, String> slots = new HashMap<>();
        slots.put("title", esc(summary.title()));
        slots.put("exitCode", Integer.toString(summary.exitCode()));
        slots.put("result", summary.exitCode() == 0 ? "OK" : "FAIL");
        slots.put("verdictCss", verdictCss());
        slots.put("summary", summaryHtml(summary));
        slots.put("filters", filters(cells));
        slots.put("grids", grids.toString());
        slots.put("data", data.json());
        return fill(template(), slots);
    }

    private static void grid(StringBuilder sb, EntryFormat f, List<Cell> cells, Data data) {
        Cell first = cells.get(0);
        Set<String> rows = new LinkedHashSet<>(), cols = new LinkedHashSet<>();
        Map<String, NamedConfig> configs = new LinkedHashMap<>();
        for (NamedConfig c : f.catalogue()) configs.put(c.name(), c);
        for (Cell c : cells) {
            configs.putIfAbsent(c.from().name(), c.from());
            configs.putIfAbsent(c.to().name(), c.to());
        }
        // a configuration shows as a row (column) when some cell starts (ends) there, in catalogue order
        for (String n : configs.keySet()) {
            if (cells.stream().anyMatch(c -> c.from().name().equals(n))) rows.add(n);
            if (cells.stream().anyMatch(c -> c.to().name().equals(n))) cols.add(n);
        }
        Map<String, Cell> at = new HashMap<>();
        for (Cell c : cells) at.put(c.from().name() + "\0" + c.to().name(), c);
        String ordering = first.ordering().name(), reader = first.reader(), visibility = first.visibility().label();

        sb.append("<table class=\"grid\" data-format=\"").append(esc(f.name())).append("\" data-ordering=\"")
                .append(esc(ordering)).append("\" data-attach=\"").append(esc(first.attachName()))
                .append("\" data-visibility=\"").append(esc(visibility))
                .append(first.formatDefaultVisibility() ? "\" data-format-default=\"true" : "")
                .append("\" data-reader=\"").append(esc(reader)).append("\">\n<caption><b>")
                .append(esc(ordering)).append("</b> / ").append(first.attach() != null ? esc(first.attachName()) + " / " : "")
                .append(esc(Matrix.visibilityLabel(first.visibility(), f))).append(" / ")
                .append(esc(reader)).append(" <span class=\"model\">")
                .append(esc(first.result().model().label())).append("</span>");
        long met = cells.stream().filter(Cell::met).count();
        sb.append(" <span class=\"count\">").append(met).append('/').append(cells.size()).append(" met")
                .append(met == cells.size() ? "" : first.expectedToFail() ? ", expected to fail" : "").append("</span>")
                .append("</caption>\n<tr><th class=\"corner\">from \\ to</th>");
        for (String c : cols) sb.append("<th class=\"to\"><span>").append(esc(c)).append("</span></th>");
        sb.append("</tr>\n");
        for (String r : rows) {
            sb.append("<tr><th class=\"from\">").append(esc(r)).append("</th>");
            for (String c : cols) {
                Cell cell = at.get(r + "\0" + c);
                if (cell == null) {
                    sb.append(r.equals(c) ? "<td class=\"self\"></td>" : "<td class=\"none\"></td>");
                    continue;
                }
                CheckResult res = cell.result();
                String v = cell.verdict().name();
                int syncs = cell.attach() != null ? cell.attach().entrySyncs() : res.entrySyncs();
                sb.append("<td class=\"cell verdict-").append(esc(v.toLowerCase(Locale.ROOT)))
                        .append(cell.met() ? "" : cell.expectedToFail() ? " unmet xfail" : " unmet")
                        .append("\" data-verdict=\"").append(esc(v)).append("\" data-from=\"").append(esc(r))
                        .append("\" data-to=\"").append(esc(c)).append("\" data-syncs=\"").append(syncs)
                        .append("\" data-met=\"").append(cell.met()).append("\" data-i=\"").append(data.add(cell))
                        .append("\" title=\"").append(esc(r + " -> " + c + ": " + v)).append("\">")
                        .append(syncs).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
    }

    private static String summaryHtml(Summary s) {
        StringBuilder sb = new StringBuilder();
        for (String l : s.lines()) sb.append("<p>").append(esc(l)).append("</p>\n");
        sb.append("<p class=\"exit\">exit code ").append(s.exitCode()).append(": ").append(esc(s.exitReason())).append("</p>\n");
        return sb.toString();
    }

    private static String filters(List<Cell> cells) {
        Set<String> orderings = new LinkedHashSet<>(), readers = new LinkedHashSet<>(), visibilities = new LinkedHashSet<>(),
                attaches = new LinkedHashSet<>();
        Set<Verdict> present = EnumSet.noneOf(Verdict.class); // the verdicts present, in the enum's (severity) order
        Set<Visibility> seen = EnumSet.noneOf(Visibility.class); // likewise, in the enum's order
        for (Cell c : cells) {
            orderings.add(c.ordering().name());
            readers.add(c.reader());
            present.add(c.verdict());
            attaches.add(c.attachName());
            seen.add(c.visibility());
        }
        for (Visibility v : seen) visibilities.add(v.label());
        Set<String> verdicts = new LinkedHashSet<>();
        for (Verdict v : present) verdicts.add(v.name());
        StringBuilder legend = new StringBuilder("<span class=\"legend\">");
        for (String v : verdicts) {
            legend.append("<span class=\"verdict-").append(esc(v.toLowerCase(Locale.ROOT))).append("\">").append(esc(v)).append("</span>");
        }
        return select("filter-ordering", "ordering", orderings) + select("filter-visibility", "visibility", visibilities)
                + select("filter-reader", "reader", readers)
                + select("filter-verdict", "verdict", verdicts) + select("filter-attach", "attach", attaches) + legend.append("</span>\n");
    }

    private static String select(String id, String label, Set<String> values) {
        StringBuilder sb = new StringBuilder("<label>").append(label).append(" <select id=\"").append(id)
                .append("\"><option value=\"\">all</option>");
        for (String v : values) sb.append("<option value=\"").append(esc(v)).append("\">").append(esc(v)).append("</option>");
        return sb.append("</select></label>\n").toString();
    }

    private static String verdictCss() {
        StringBuilder sb = new StringBuilder("td.cell, .legend span { background-color: " + OTHER_COLOUR + "; }\n");
        VERDICT_COLOURS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                sb.append("td.cell.verdict-").append(e.getKey().toLowerCase(Locale.ROOT)).append(", .legend .verdict-")
                        .append(e.getKey().toLowerCase(Locale.ROOT)).append(" { background-color: ").append(e.getValue()).append("; }\n"));
        return sb.toString();
    }

    /**
     * The data the page's script reads when a cell is clicked, each piece stored once and referenced by index: the
     * lines of text (plan lines, verdict texts, counterexample lines recur across orderings and readers), the plans
     * (a plan is shared by the cells of its readers), the reader models with the names of their chunks, and the
     * counterexamples. Per cell (its {@code data-i}): {@code p} plan, {@code t} verdict text (line indexes), {@code m} model and
     * {@code x} counterexample (absent when there is none). A plan is {@code {h: head, s: steps, t: tail}}, lists of
     * line indexes; a counterexample's read is {@code [chunk, steps run before the read, letter, "qwords in hex"]}.
     */
    private static final class Data {
        final Function<Cell, String> verdictText;
        final Interned<String> lines = new Interned<>();
        final Interned<Map<String, Object>> plans = new Interned<>();
        final Map<Plan, Integer> planIndex = new HashMap<>(); // the cells of one plan's readers share it
        final Interned<Map<String, Object>> models = new Interned<>();
        final Interned<Map<String, Object>> counterexamples = new Interned<>();
        final List<Map<String, Object>> cells = new ArrayList<>();

        Data(Function<Cell, String> verdictText) {
            this.verdictText = verdictText;
        }

        int add(Cell c) {
            CheckResult r = c.result();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("p", planIndex.computeIfAbsent(r.plan(), p -> plans.index(plan(p))));
            // line by line: the attach lines recur across the cells of a sequence
            m.put("t", indexes(verdictText.apply(c).lines().toList()));
            r.counterexample().ifPresent(cx -> {
                m.put("m", models.index(model(cx)));
                m.put("x", counterexamples.index(counterexample(cx)));
            });
            cells.add(m);
            return cells.size() - 1;
        }

        /**
         * The plan as {@code hitless check} prints it ({@link Plan#toString}): its head lines, one {@link PlanPrinter}
         * line per step, its tail lines (a plan that misses its target says so).
         */
        private Map<String, Object> plan(Plan p) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("h", indexes(p.headLines()));
            m.put("s", indexes(PlanPrinter.lines(p.format(), p.current(), p.steps())));
            m.put("t", indexes(p.tailLines()));
            return m;
        }

        private static Map<String, Object> model(Counterexample cx) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("label", cx.model().label());
            m.put("chunks", cx.chunkOrder().stream().sorted().map(cx::chunkName).toList());
            return m;
        }

        private List<Integer> indexes(List<String> ls) {
            return ls.stream().map(lines::index).toList();
        }

        private Map<String, Object> counterexample(Counterexample cx) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("head", lines.index(cx.headline()));
            m.put("seen", cx.seen().name());
            m.put("done", cx.stepsExecuted());
            List<List<Object>> reads = new ArrayList<>();
            for (int c : cx.chunkOrder()) {
                reads.add(List.of(c, cx.readAfterSteps()[c], String.valueOf(cx.observation().chunk(c)),
                        String.join(" ", Arrays.stream(cx.chunkRead(c)).mapToObj(Entry::hex).toList())));
            }
            // listed as the trace lists them: by the moment of the read, then in the reader's chunk order
            reads.sort(Comparator.comparingInt(rd -> (Integer) rd.get(1)));
            m.put("reads", reads);
            m.put("observed", lines.index(cx.observed().toString()));
            m.put("decoded", lines.index(cx.plan().format().decode(cx.observed())));
            m.put("fields", indexes(cx.fields().lines().map(String::stripTrailing).toList()));
            return m;
        }

        String json() {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("lines", lines.values);
            root.put("plans", plans.values);
            root.put("models", models.values);
            root.put("counterexamples", counterexamples.values);
            root.put("cells", cells);
            try {
                // "</" inside a JSON string is written "<\/" (the same string) so that the blob cannot close its script
                return new ObjectMapper().writeValueAsString(root).replace("</", "<\\/").replace("<!--", "<\\u0021--");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Values stored once each, in first-seen order; {@link #index} is a value's position. */
    private static final class Interned<T> {
        final Map<T, Integer> index = new HashMap<>();
        final List<T> values = new ArrayList<>();

        int index(T value) {
            return index.computeIfAbsent(value, v -> {
                values.add(v);
                return values.size() - 1;
            });
        }
    }

    private static final Pattern SLOT = Pattern.compile("\\{\\{(\\w+)}}");

    /** The template with every {@code {{name}}} replaced by its slot's text, in one pass. */
    static String fill(String template, Map<String, String> slots) {
        Matcher m = SLOT.matcher(template);
        StringBuilder sb = new StringBuilder(template.length() + slots.values().stream().mapToInt(String::length).sum());
        int last = 0;
        while (m.find()) {
            String v = slots.get(m.group(1));
            if (v == null) throw new IllegalStateException("page.html: no value for {{" + m.group(1) + "}}");
            sb.append(template, last, m.start()).append(v);
            last = m.end();
        }
        return sb.append(template, last, template.length()).toString();
    }

    private static String template() {
        try (InputStream in = HtmlReport.class.getResourceAsStream("page.html")) {
            if (in == null) throw new IllegalStateException("page.html missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HTML-escapes text for element content and double-quoted attribute values. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
