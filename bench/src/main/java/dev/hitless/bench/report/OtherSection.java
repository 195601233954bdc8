package dev.hitless.bench.report;

import java.util.List;
import java.util.stream.Collectors;

import static dev.hitless.bench.report.Numbers.num;

/** Results of benchmarks no other section knows: a plain table of score, error and units with the parameters. */
final class OtherSection {
    private OtherSection() {
    }

    static void write(List<JmhResult> rs, Document doc) {
        doc.text("## Other results\n\n| benchmark | params | score | ± error | units |\n|---|---|---:|---:|---|\n");
        for (JmhResult r : rs) {
            String params = r.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(" "));
            doc.row(r.className() + "." + r.method(), params, num(r.primary().score()), num(r.primary().error()),
                    r.primary().unit());
        }
        doc.text("\n");
    }
}
