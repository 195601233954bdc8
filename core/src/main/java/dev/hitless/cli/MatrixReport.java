package dev.hitless.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hitless.check.CheckResult;
import dev.hitless.matrix.Matrix;
import dev.hitless.matrix.Matrix.Cell;
import dev.hitless.check.Requirement;
import dev.hitless.check.Verdict;
import dev.hitless.format.EntryFormat;
import dev.hitless.plan.Ordering;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import dev.hitless.report.HtmlReport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders matrix cells: a terminal table, JSON, JUnit XML, the HTML page; each names the visibility of every cell. */
final class MatrixReport {
    private MatrixReport() {
    }

    /** Failing transitions listed per ordering x visibility x reader for expected failures unless {@code all}. */
    private static final int EXAMPLES = 5;

    static String text(List<Cell> cells, List<EntryFormat> formats, List<Ordering> orderings, List<String> presets,
                       List<Visibility> visibilities, Requirement require, boolean all) {
        return text(cells, formats, orderings, presets, visibilities, require, all,
                "hitless check --format F --from A --to B --ordering O --reader R --visibility V");
    }

    /**
     * The table, with {@code rerun} as the command line that shows one failing cell's counterexample ({@code F}
     * stands for the format's name). Each row names the visibility it rests on; the header says what each assumes.
     */
    static String text(List<Cell> cells, List<EntryFormat> formats, List<Ordering> orderings, List<String> presets,
                       List<Visibility> visibilities, Requirement require, boolean all, String rerun) {
        // LEAK and STALE are the cache-tag model's: their columns appear when some cell ran an attach sequence
        boolean tags = cells.stream().anyMatch(c -> c.attach() != null);
        // the cells of each format, in the order they come (one pass: a matrix has tens of thousands of cells)
        Map<EntryFormat, List<Cell>> byFormat = new HashMap<>();
        for (Cell c : cells) byFormat.computeIfAbsent(c.format(), k -> new ArrayList<>()).add(c);
        // each format's section on its own (on every core: a section reads only its format's cells), in the given order
        StringBuilder sb = new StringBuilder();
        formats.parallelStream().map(f -> section(f, byFormat.getOrDefault(f, List.of()), orderings, presets, visibilities,
                require, all, rerun, tags)).toList().forEach(sb::append);
        sb.append(resultLine(cells)).append('\n');
        return sb.toString();
    }

    /** One format's part of {@link #text}: its header lines, its table, its failing transitions. */
    private static String section(EntryFormat f, List<Cell> fcells, List<Ordering> orderings, List<String> presets,
                                  List<Visibility> visibilities, Requirement require, boolean all, String rerun, boolean tags) {
        StringBuilder sb = new StringBuilder();
        List<String> ps = presets != null ? presets : ReaderModel.presets(f); // null: each format's own
        // UNTRANSLATED is a column of the formats whose entries can let DMA through untranslated
        List<Verdict> verdicts = java.util.Arrays.stream(Verdict.values())
                .filter(v -> tags || v != Verdict.LEAK && v != Verdict.STALE)
                .filter(v -> f.passesUntranslated() || v != Verdict.UNTRANSLATED).toList();
        // the rows' cells, grouped in one pass
        Map<List<Object>, List<Cell>> rows = new HashMap<>();
        // the attach sequences of this format's cells, in the order they come
        List<String> attaches = new ArrayList<>();
        Map<String, dev.hitless.attach.AttachResult> attachOf = new LinkedHashMap<>();
        for (Cell c : fcells) {
            rows.computeIfAbsent(List.of(c.ordering(), c.attachName(), c.visibility(), c.reader()), k -> new ArrayList<>()).add(c);
            if (!attaches.contains(c.attachName())) {
                attaches.add(c.attachName());
                if (c.attach() != null) attachOf.put(c.attachName(), c.attach());
            }
        }
        boolean attachColumn = attaches.size() > 1;
        int n = f.catalogue().size();
        sb.append(f.name()).append(": ").append(f.title()).append(", ").append(n).append(" configurations, ")
                .append(n * (n - 1)).append(" transitions\n");
        for (Visibility v : visibilities) {
            sb.append(visibilities.size() == 1 ? "readers: " : "readers, " + v.label() + ": ")
                    .append(ps.stream().map(p -> p + " " + ReaderModel.preset(p, f, v).label())
                            .collect(Collectors.joining(", "))).append('\n');
        }
        for (Visibility v : visibilities) sb.append("visibility ").append(Matrix.visibilityLine(v, f)).append('\n');
        f.passageNote().ifPresent(note -> sb.append("passage: ").append(note).append('\n'));
        for (var e : attachOf.entrySet()) {
            sb.append("attach ").append(e.getKey()).append(e.getValue().sequence().knownBad() ? " (known-bad)" : "").append(": ")
                    .append(e.getValue().sequence().description()).append("; ATS ").append(e.getValue().ats() ? "on" : "off").append('\n');
        }
        sb.append(requirementLine(require)).append('\n');
        sb.append('\n');
        int ow = Math.max(8, orderings.stream().filter(o -> o.appliesTo(f)).mapToInt(o -> o.name().length()).max().orElse(0));
        int vw = visibilities.stream().mapToInt(v -> Matrix.visibilityLabel(v, f).length()).max().orElse(0);
        int aw = attachColumn ? Math.max(6, attaches.stream().mapToInt(String::length).max().orElse(0)) : 0;
        String attachFmt = attachColumn ? "  %-" + aw + "s" : "%s";
        int rw = Math.max(9, ps.stream().mapToInt(String::length).max().orElse(0)); // reader column
        StringBuilder head = new StringBuilder(String.format("  %-" + ow + "s" + attachFmt + "  %-" + vw + "s  %-" + rw + "s", "ordering",
                attachColumn ? "attach" : "", "visibility", "reader"));
        for (Verdict v : verdicts) head.append(String.format("  %" + Math.max(4, v.name().length()) + "s", v.name()));
        sb.append(head).append(String.format("  %5s  %s%n", "syncs", "requirement met"));
        List<String> failures = new ArrayList<>();
        for (Ordering o : orderings) {
            if (!o.appliesTo(f)) continue; // a driver's own ordering (AMD-Vi's) has no row for other formats
            if (rows.keySet().stream().noneMatch(k -> k.get(0) == o) && !Matrix.fits(o, f)) {
                sb.append(String.format("  %-" + ow + "s  not run: %d-bit quanta, but %s hardware fetches %d-bit chunks"
                        + " (--ordering %s runs it anyway)%n", o.name(), o.quantumBits(), f.name(), f.defaultChunkBits(), o.name()));
                continue;
            }
            boolean firstOfOrdering = true;
            for (String att : attaches) {
            boolean firstOfAttach = true;
            for (Visibility vis : visibilities) {
                boolean firstOfVisibility = true;
                for (String p : ps) {
                    List<Cell> oc = rows.getOrDefault(List.of(o, att, vis, p), List.of());
                    // one pass over the row's cells: each verdict asked once
                    long[] byVerdict = new long[Verdict.values().length];
                    List<Cell> bad = new ArrayList<>();
                    IntSummaryStatistics syncs = new IntSummaryStatistics();
                    for (Cell c : oc) {
                        byVerdict[c.verdict().ordinal()]++;
                        if (!c.met()) bad.add(c);
                        syncs.accept(c.attach() != null ? c.attach().entrySyncs() : c.result().entrySyncs());
                    }
                    long met = oc.size() - bad.size();
                    String range = oc.isEmpty() ? "-" : syncs.getMin() == syncs.getMax() ? "" + syncs.getMin()
                            : syncs.getMin() + "-" + syncs.getMax();
                    boolean xfail = !oc.isEmpty() && oc.get(0).expectedToFail();
                    String status = met + "/" + oc.size() + (met == oc.size() ? " ok" : xfail ? " expected to fail" : " FAIL");
                    StringBuilder row = new StringBuilder(String.format("  %-" + ow + "s" + attachFmt + "  %-" + vw + "s  %-" + rw + "s",
                            firstOfOrdering ? o.name() : "", attachColumn && firstOfAttach ? att : "",
                            firstOfVisibility ? Matrix.visibilityLabel(vis, f) : "", p));
                    for (Verdict v : verdicts) row.append(String.format("  %" + Math.max(4, v.name().length()) + "d", byVerdict[v.ordinal()]));
                    sb.append(row).append(String.format("  %5s  %s%n", range, status));
                    firstOfOrdering = false;
                    firstOfAttach = false;
                    firstOfVisibility = false;
                    if (!bad.isEmpty()) {
                        failures.add("  " + o.name() + (attachColumn ? " / " + att : "") + " / " + vis.label() + " / " + p + ": " + bad.size() + " transition"
                                + (bad.size() == 1 ? "" : "s") + " fail" + (bad.size() == 1 ? "s" : "")
                                + (xfail ? " (expected: known-bad " + (o.knownBad() ? "ordering" : "attach sequence") + ")" : ""));
                        int shown = 0;
                        for (Cell c : bad) {
                            if (!all && shown == EXAMPLES) {
                                failures.add("      ... " + (bad.size() - shown) + " more (--all lists them)");
                                break;
                            }
                            failures.add(String.format("      %-30s %s", c.transition(), reason(c)));
                            shown++;
                        }
                    }
                }
            }
            }
        }
        if (!failures.isEmpty()) {
            sb.append("\nfailing transitions (").append(rerun.replace("--format F", "--format " + f.name()))
                    .append(" shows the counterexample):\n");
            failures.forEach(l -> sb.append(l).append('\n'));
        }
        sb.append('\n');
        return sb.toString();
    }

    /** The table's requirement line: {@code requirement: ...}. */
    static String requirementLine(Requirement require) {
        return require == null
                ? "requirement: each plan's own claim (hitless plans must be HITLESS; breaking and unclaimed plans must be SAFE)"
                : "requirement: " + require.label() + " for every cell";
    }

    /** The table's last line: {@code result: OK, ...} or {@code result: FAIL, N of M cells violate their requirement}. */
    static String resultLine(List<Cell> cells) {
        long unexpected = cells.stream().filter(Cell::unexpectedFailure).count();
        long expected = cells.stream().filter(c -> !c.met() && c.expectedToFail()).count();
        return (unexpected == 0 ? "result: OK, every cell meets its requirement" : "result: FAIL, " + unexpected
                + " of " + cells.size() + " cells violate their requirement")
                + (expected > 0 ? " (" + expected + " expected failures of known-bad orderings and attach sequences not counted)" : "");
    }

    /**
     * The HTML page of the cells ({@code --html}), its summary in the table's words: the requirement line, the
     * result line and the exit code's reason.
     */
    static String html(String title, List<Cell> cells, List<EntryFormat> formats, Requirement require) {
        return html(title, cells, formats, require, null);
    }

    /** The HTML page with one more reason to fail ({@code failure}, a sentence, or null): c-check's differences. */
    static String html(String title, List<Cell> cells, List<EntryFormat> formats, Requirement require, String failure) {
        boolean fail = cells.stream().anyMatch(Cell::unexpectedFailure);
        List<String> lines = new ArrayList<>(List.of(requirementLine(require), resultLine(cells)));
        if (failure != null) lines.add(failure);
        var summary = new HtmlReport.Summary(title, lines, fail || failure != null ? Main.VIOLATED : Main.OK,
                fail ? "a cell violates its requirement (a counterexample exists)" : failure != null ? failure
                        : "every cell meets its requirement" + (cells.stream().anyMatch(c -> !c.met()) ? " (expected failures aside)" : ""));
        return HtmlReport.page(summary, formats, cells, c -> CheckCommand.describe(c.result(), c.requirement())
                + (c.attach() != null ? CheckCommand.describeAttach(c.attach(), c.requirement()) + CheckCommand.tagRun(c.attach()) : ""));
    }

    private static String reason(Cell c) {
        CheckResult r = c.result();
        if (c.attach() != null && c.attach().tagVerdict().worseThan(r.verdict())) {
            var a = c.attach();
            var worst = a.worstOutcome().orElseThrow();
            return worst.kind() + " (" + a.outcomes().stream().map(dev.hitless.attach.TagOutcome::key).collect(Collectors.joining(", "))
                    + "): " + worst.explain() + "; shortest run " + dev.hitless.attach.TagTrace.length(a, worst) + " moves";
        }
        String v = r.verdict() + r.counterexample().map(cx -> " " + cx.observation().chunks()).orElse("");
        List<String> why = new ArrayList<>(r.violations(c.requirement()));
        if (!c.requirement().accepts(r.verdict())) why.remove(0);
        return v + ", plan claims " + r.plan().claim().label() + (why.isEmpty() ? "" : "; " + String.join("; ", why));
    }

    static String json(List<Cell> cells, Requirement require) {
        return json(cells, require, Map.of());
    }

    /** The JSON report with {@code extra} members after the cells (c-check's recording notes and comparisons). */
    static String json(List<Cell> cells, Requirement require, Map<String, Object> extra) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("requirement", require == null ? "claim" : require.label());
        root.put("cells", cells.size());
        root.put("unexpectedFailures", cells.stream().filter(Cell::unexpectedFailure).count());
        root.put("expectedFailures", cells.stream().filter(c -> !c.met() && c.expectedToFail()).count());
        // the visibilities the cells rest on, in the enum's order, and the same three counts per visibility
        Map<String, Object> byVisibility = new LinkedHashMap<>();
        for (Visibility v : Visibility.values()) {
            List<Cell> vc = cells.stream().filter(c -> c.visibility() == v).toList();
            if (vc.isEmpty()) continue;
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("cells", vc.size());
            counts.put("unexpectedFailures", vc.stream().filter(Cell::unexpectedFailure).count());
            counts.put("expectedFailures", vc.stream().filter(c -> !c.met() && c.expectedToFail()).count());
            byVisibility.put(v.label(), counts);
        }
        root.put("visibility", List.copyOf(byVisibility.keySet()));
        root.put("byVisibility", byVisibility);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Cell c : cells) {
            CheckResult r = c.result();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", c.format().name());
            m.put("from", c.from().name());
            m.put("to", c.to().name());
            m.put("ordering", c.ordering().name());
            m.put("visibility", c.visibility().label());
            m.put("formatDefaultVisibility", c.formatDefaultVisibility());
            m.put("reader", c.reader());
            m.put("model", r.model().label());
            m.put("path", r.plan().claim().name());
            m.put("verdict", c.verdict().name());
            m.put("entryVerdict", r.verdict().name());
            if (c.attach() != null) {
                var a = c.attach();
                Map<String, Object> am = new LinkedHashMap<>();
                am.put("sequence", a.sequence().name());
                am.put("knownBad", a.sequence().knownBad());
                am.put("ats", a.ats());
                am.put("verdict", a.tagVerdict().name());
                am.put("outcomes", a.outcomes().stream().map(dev.hitless.attach.TagOutcome::key).toList());
                am.put("switches", a.switches().size());
                am.put("entrySyncs", a.entrySyncs());
                am.put("cost", a.cost());
                am.put("states", a.exploration().states());
                am.put("counterexample", a.worstOutcome().map(o -> String.join("\n", dev.hitless.attach.TagTrace.render(a, o))).orElse(null));
                m.put("attach", am);
            }
            m.put("seen", r.seen().stream().sorted().map(Enum::name).toList());
            m.put("entrySyncs", r.entrySyncs());
            m.put("stores", r.plan().storeCount());
            m.put("reachesTarget", r.reachesTarget());
            m.put("settled", r.settled());
            m.put("requirement", c.requirement().label());
            m.put("met", c.met());
            m.put("expectedToFail", c.expectedToFail());
            m.put("outcomes", r.sortedOutcomeKeys());
            m.put("counterexample", r.counterexample().map(cx -> cx.render()).orElse(null));
            list.add(m);
        }
        root.put("results", list);
        root.putAll(extra);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String junit(List<Cell> cells, double seconds) {
        return junit(cells, seconds, Map.of());
    }

    /**
     * The JUnit report with one more testcase per entry of {@code extraCases} (name to failure message, null when it
     * passes), e.g. c-check's comparisons with {@code --against}.
     */
    static String junit(List<Cell> cells, double seconds, Map<String, String> extraCases) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        long failures = cells.stream().filter(Cell::unexpectedFailure).count()
                + extraCases.values().stream().filter(java.util.Objects::nonNull).count();
        long skipped = cells.stream().filter(c -> !c.met() && c.expectedToFail()).count();
        sb.append(String.format("<testsuite name=\"hitless-matrix\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" time=\"%.3f\">%n",
                cells.size() + extraCases.size(), failures, skipped, seconds));
        for (Cell c : cells) {
            CheckResult r = c.result();
            // the visibility in both: CI tools group by classname and show the name
            String name = c.ordering().name() + (c.attach() != null ? " " + c.attachName() : "") + " " + c.visibility().label() + " "
                    + c.reader() + " " + c.transition();
            sb.append("  <testcase classname=\"hitless.").append(x(c.format().name())).append('.').append(x(c.ordering().name()))
                    .append('.').append(x(c.visibility().label())).append("\" name=\"").append(x(name)).append("\">\n");
            String detail = r.plan() + "\n" + CheckCommand.describe(r, c.requirement())
                    + r.counterexample().map(cx -> "\n" + cx.render()).orElse("")
                    + (c.attach() != null ? "\n" + CheckCommand.describeAttach(c.attach(), c.requirement()) : "");
            if (!c.met()) {
                String msg = c.verdict() + ": " + String.join("; ", c.attach() != null ? c.attach().violations(c.requirement()) : r.violations(c.requirement()));
                if (c.expectedToFail()) {
                    sb.append("    <skipped message=\"expected failure (known-bad ").append(c.ordering().knownBad() ? "ordering" : "attach sequence")
                            .append("): ").append(x(msg)).append("\"/>\n");
                    sb.append("    <system-out>").append(x(detail)).append("</system-out>\n");
                } else {
                    sb.append("    <failure message=\"").append(x(msg)).append("\" type=\"").append(c.verdict()).append("\">")
                            .append(x(detail)).append("</failure>\n");
                }
            }
            sb.append("  </testcase>\n");
        }
        for (var e : extraCases.entrySet()) {
            sb.append("  <testcase classname=\"hitless.c-check\" name=\"").append(x(e.getKey())).append("\">\n");
            if (e.getValue() != null) {
                sb.append("    <failure message=\"").append(x(e.getValue())).append("\" type=\"DIFFERS\"/>\n");
            }
            sb.append("  </testcase>\n");
        }
        sb.append("</testsuite>\n");
        return sb.toString();
    }

    private static String x(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
