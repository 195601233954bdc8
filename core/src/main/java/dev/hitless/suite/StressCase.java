package dev.hitless.suite;

import dev.hitless.check.CheckResult;
import dev.hitless.check.Checker;
import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.ReaderModel;

import java.util.Locale;

/**
 * One race the stress suite runs: an ordering moves a live entry of a format from one catalogue configuration to
 * another while a hardware reader following a preset fetches it. Everything else is derived from these five names,
 * in the build (to generate the test and its outcome table) and again in every jcstress fork (to run it), with the
 * same deterministic code: formats, orderings, the reader model and the checker.
 *
 * @param format   entry format name, e.g. {@code vtd-pasid}
 * @param ordering ordering name, e.g. {@code struct-copy}
 * @param from     catalogue name of the old (live) entry
 * @param to       catalogue name of the new entry
 * @param preset   reader preset: {@code strict}, {@code ascending} or {@code sticky}
 */
public record StressCase(String format, String ordering, String from, String to, String preset) {

    public EntryFormat entryFormat() {
        return Formats.byName(format);
    }

    public Ordering orderingImpl() {
        return Orderings.byName(ordering);
    }

    public NamedConfig fromConfig() {
        return config(from);
    }

    public NamedConfig toConfig() {
        return config(to);
    }

    private NamedConfig config(String name) {
        return entryFormat().catalogue().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no configuration '" + name + "' in the " + format + " catalogue"));
    }

    public Entry old() {
        return fromConfig().entry();
    }

    public Entry target() {
        return toConfig().entry();
    }

    /** The plan the writer actor executes and the checker explores. */
    public Plan plan() {
        return orderingImpl().plan(entryFormat(), old(), target());
    }

    public ReaderModel readerModel() {
        return ReaderModel.preset(preset, entryFormat());
    }

    public Oracle oracle() {
        return new Oracle(entryFormat(), old(), target());
    }

    /** What the exhaustive checker says about this plan under this reader. */
    public CheckResult check() {
        return Checker.check(plan(), readerModel());
    }

    /** Java simple class name, e.g. {@code StructCopy_FlDid5A_FlDid6B_Strict}. */
    public String simpleClassName() {
        return camel(ordering) + "__" + camel(from) + "__" + camel(to) + "__" + camel(preset);
    }

    /** Java package of the generated test, one per format: {@code dev.hitless.stress.generated.vtdpasid}. */
    public String packageName() {
        return StressSuite.GENERATED_PACKAGE + "." + format.replace("-", "").toLowerCase(Locale.ROOT);
    }

    public String className() {
        return packageName() + "." + simpleClassName();
    }

    /** One line for reports: {@code vtd-pasid struct-copy fl-did5-a -> fl-did6-b, strict reader}. */
    public String label() {
        return format + " " + ordering + " " + from + " -> " + to + ", " + preset + " reader";
    }

    static String camel(String s) {
        StringBuilder sb = new StringBuilder();
        boolean up = true;
        for (char ch : s.toCharArray()) {
            if (!Character.isLetterOrDigit(ch)) {
                up = true;
                continue;
            }
            sb.append(up ? Character.toUpperCase(ch) : ch);
            up = false;
        }
        return sb.toString();
    }
}
