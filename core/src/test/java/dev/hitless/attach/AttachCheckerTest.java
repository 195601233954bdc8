package dev.hitless.attach;

import dev.hitless.check.Verdict;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.ordering.Orderings;
import dev.hitless.planlang.AttachFile;
import dev.hitless.reader.ReaderModel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AttachCheckerTest {

    static AttachResult run(String seq, String format, String from, String to, String ordering) {
        EntryFormat f = Formats.byName(format);
        NamedConfig a = f.catalogue().stream().filter(c -> c.name().equals(from)).findFirst().orElseThrow();
        NamedConfig b = f.catalogue().stream().filter(c -> c.name().equals(to)).findFirst().orElseThrow();
        return AttachChecker.check(AttachFile.builtIn(seq), Orderings.byName(ordering), f, a.entry(), b.entry(),
                ReaderModel.strict(f), true);
    }

    @Test
    void print() {
        for (String s : AttachFile.BUILT_INS) {
            AttachResult r = run(s, "vtd-pasid", "fl-did5-a", "fl-did6-b", "used-bits-128");
            System.out.println(s + ": " + r.verdict() + " entry " + r.entryVerdict() + " tags " + r.outcomes() + " states "
                    + r.exploration().states() + " " + r.cost());
            r.worstOutcome().ifPresent(o -> TagTrace.render(r, o).forEach(System.out::println));
        }
    }
}
