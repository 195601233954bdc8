package dev.hitless.check;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.format.NamedConfig;
import dev.hitless.ordering.ClearThenUpdate;
import dev.hitless.ordering.UsedBits;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import dev.hitless.plan.Step;
import dev.hitless.reader.Oracle;
import dev.hitless.reader.Seen;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The kernel KUnit test's rule (arm-smmu-v3-test.c), applied to the whole entry in memory at every sync and after
 * every single store: it equals the old or the new entry on the bits the current entry uses (minus update-safe
 * bits), or, on a breaking path, it is not present. The final entry is the target. Every catalogue pair of every
 * format, for every built-in ordering that claims HITLESS or BREAKING (struct-copy claims nothing).
 */
class KernelRuleTest {
    static final List<Ordering> CLAIMING = List.of(new ClearThenUpdate(), UsedBits.qwords(), UsedBits.quanta128());

    @Test
    void everyStoreAndEverySyncKeepsTheEntryOldNewOrNotPresent() {
        int untranslated = 0;
        for (EntryFormat f : Formats.all()) {
            for (Ordering o : CLAIMING) {
                for (NamedConfig a : f.catalogue()) {
                    for (NamedConfig b : f.catalogue()) {
                        if (a == b) continue;
                        Plan p = o.plan(f, a.entry(), b.entry());
                        String where = o.name() + " " + f.name() + " " + a.name() + " -> " + b.name();
                        assertEquals(b.entry(), p.finalEntry(), where);
                        String bad = firstViolation(p);
                        if (bad == null) continue;
                        // AMD-Vi: "not present" (V=0) lets DMA through untranslated, so a breaking path that clears
                        // V breaks the rule by design (the checker's UNTRANSLATED); anything else is a failure.
                        if (f.passesUntranslated() && p.claim() == Claim.BREAKING && bad.contains(" UNTRANSLATED:")) {
                            untranslated++;
                            continue;
                        }
                        fail(where + ": " + bad + "\n" + p);
                    }
                }
            }
        }
        assertTrue(untranslated > 0, "clear-then-update clears V on AMD-Vi: DMA passes untranslated");
    }

    @Test
    void theDraftBreaksTheRuleAfterAStore() {
        EntryFormat f = Formats.vtd();
        Plan p = UsedBits.draft128().plan(f, f.parseConfig("fl-did5-a"), f.parseConfig("fl-did6-b"));
        String bad = firstViolation(p);
        assertTrue(bad != null && bad.contains("TORN"), String.valueOf(bad));
    }

    /** Null when the rule holds after every store and at every sync, else which step broke it. */
    static String firstViolation(Plan p) {
        Oracle oracle = new Oracle(p.format(), p.current(), p.target());
        Entry e = p.current();
        int n = 0;
        for (Step s : p.steps()) {
            n++;
            e = s.applyTo(e);
            if (!s.isStore() && !(s instanceof Step.Sync)) continue;
            Seen seen = oracle.judge(e);
            boolean ok = seen == Seen.OLD || seen == Seen.NEW || seen == Seen.BLOCKED && p.claim() == Claim.BREAKING;
            if (!ok) return "after step " + n + " the entry is " + seen + ": " + e;
        }
        return null;
    }
}
