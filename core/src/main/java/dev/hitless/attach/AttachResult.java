package dev.hitless.attach;

import dev.hitless.check.CheckResult;
import dev.hitless.check.Requirement;
import dev.hitless.check.Verdict;
import dev.hitless.plan.Plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link AttachChecker} found for one attach sequence composed with one entry ordering on one replace: the entry
 * checker's result for each switch, and the cache-tag model's outcomes over every interleaving of writer, unmapper
 * and device.
 *
 * @param sequence the attach sequence
 * @param domains the replace: tags and tables
 * @param switches one run of the entry ordering per switch, in program order
 * @param ats whether the device has a device TLB (ATS on)
 * @param program the writer as the cache-tag model sees it
 * @param exploration what the cache-tag model found
 */
public record AttachResult(AttachSequence sequence, DomainSwitch domains, List<SwitchRun> switches, boolean ats,
                           TagProgram program, TagExplorer.Exploration exploration) {

    public AttachResult {
        switches = List.copyOf(switches);
    }

    /** One switch: the configuration it leaves, the plan the ordering made, the entry checker's result. */
    public record SwitchRun(AttachStep.Switch step, TagId fromTag, Domain fromTable, CheckResult result) {
        public Plan plan() {
            return result.plan();
        }
    }

    /** The worst entry verdict over the switches. */
    public Verdict entryVerdict() {
        Verdict v = Verdict.HITLESS;
        for (SwitchRun s : switches) if (s.result().verdict().worseThan(v)) v = s.result().verdict();
        return v;
    }

    /** STALE, LEAK or HITLESS (nothing found). */
    public Verdict tagVerdict() {
        Set<TagOutcome> o = exploration.outcomes();
        if (o.stream().anyMatch(x -> x.kind() == TagOutcome.Kind.STALE)) return Verdict.STALE;
        if (!o.isEmpty()) return Verdict.LEAK;
        return Verdict.HITLESS;
    }

    /** The worse of {@link #entryVerdict()} and {@link #tagVerdict()}. */
    public Verdict verdict() {
        Verdict e = entryVerdict(), t = tagVerdict();
        return t.worseThan(e) ? t : e;
    }

    public Set<TagOutcome> outcomes() {
        return exploration.outcomes();
    }

    /** The worst outcome's shortest run, if any outcome was found. */
    public Optional<TagOutcome> worstOutcome() {
        return exploration.outcomes().stream().findFirst();
    }

    /** True when the verdict satisfies {@code r} and every switch reaches its target and settles it. */
    public boolean meets(Requirement r) {
        return r.accepts(verdict()) && switches.stream().allMatch(s -> s.result().reachesTarget() && s.result().settled());
    }

    /** Why {@link #meets} fails, one phrase per reason. */
    public List<String> violations(Requirement r) {
        List<String> out = new ArrayList<>();
        for (SwitchRun s : switches) {
            for (String v : s.result().violations(r)) {
                String where = switches.size() == 1 ? "" : "switch to tag " + s.step().tag().label() + ", table " + s.step().table().label() + ": ";
                if (!out.contains(where + v)) out.add(where + v);
            }
        }
        for (TagOutcome o : exploration.outcomes()) out.add(o.kind() + ": " + o.explain());
        return out;
    }

    /** Entry syncs over all switches. */
    public int entrySyncs() {
        return switches.stream().mapToInt(s -> s.result().entrySyncs()).sum();
    }

    /** Stores over all switches. */
    public int stores() {
        return switches.stream().mapToInt(s -> s.plan().storeCount()).sum();
    }

    /** The cost line: entry syncs, stores, IOTLB and device-TLB flushes, list updates. */
    public String cost() {
        long iotlb = sequence.steps().stream().filter(s -> s instanceof AttachStep.FlushIotlb).count();
        long devtlb = sequence.steps().stream().filter(s -> s instanceof AttachStep.FlushDevtlb).count();
        long lists = sequence.steps().stream().filter(s -> s instanceof AttachStep.ListAdd || s instanceof AttachStep.ListRemove).count();
        return switches.size() + " switch" + (switches.size() == 1 ? "" : "es") + ", " + entrySyncs() + " entry sync"
                + (entrySyncs() == 1 ? "" : "s") + ", " + stores() + " store" + (stores() == 1 ? "" : "s") + ", " + iotlb
                + " IOTLB flush" + (iotlb == 1 ? "" : "es") + ", " + devtlb + " device-TLB flush" + (devtlb == 1 ? "" : "es")
                + ", " + lists + " list update" + (lists == 1 ? "" : "s");
    }
}
