package dev.hitless.suite;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The representative transitions: the few replaces the jcstress suite races and the JMH benchmarks time, in one
 * list. The exhaustive checker covers every catalogue transition; these are chosen for what they exercise. Each
 * is two configurations of a format, named as in the catalogue (or, where the catalogue has no such pair, in the
 * format's text syntax), so the entries always come from the formats.
 *
 * <p>Why these: they are the replaces drivers do, and they split the orderings apart. A VT-d first-stage replace
 * that changes DID and FSPTPTR has two critical quanta (breaking under used-bits, torn under a struct copy); keeping
 * the DID makes it one (hitless); SL->FL changes PGTT; an STE S1->S2 flips Config; S1DSS bypass <-> ssid0 and a
 * new S2TTB change one qword; a CD ASID change with the same TTB0 touches qword 0 only, with a new TTB0 two qwords;
 * the SVA release is the kernel's own hitless CD update. The AMD-Vi DTE's two split {@code update_dte256} apart: a
 * change from a host table to a GCR3 table with a 5-level GPT (branch 3) changes fields in both 128-bit halves, so
 * only a reader that fetches the DTE whole sees no tear; a change of the GPT level alone (branch 5) goes through
 * V=0, where AMD-Vi lets DMA through untranslated. The RISC-V device context's fresh attach is where the driver's
 * V-last order relies on the IOMMU reading tc first, and a new root under the same PSCID is the one change the
 * driver's V=0 sequence breaks that a used-bits update would not; the VT-d legacy context entry's teardown is the
 * January 2026 fix (c1e4f1dccbe9).
 *
 * <p>Which tool uses which ({@link Use}): the stress suite races 13 of them (docs/stress.md: {@link
 * StressSuite#cases()} says which orderings and reader presets), the benchmarks time 10 (docs/bench.md); 9 are
 * shared. Stress transitions
 * must be catalogue names: a generated test's class name is made of them ({@link StressCase#simpleClassName}).
 * Adding a transition to either tool changes the suite size or the benchmark parameters the docs quote.
 */
public enum RepresentativeTransition {
    VTD_FL_NEWDID("vtd-fl-newdid", "vtd-pasid", "fl-did5-a", "fl-did6-b", Use.BOTH,
            "VT-d FL->FL, different DID and page table: DID (chunk 0) and FSPTPTR (chunk 1), two critical quanta"),
    VTD_FL_SAMEDID("vtd-fl-samedid", "vtd-pasid", "fl-did5-a", "fl-did5-b", Use.BOTH,
            "VT-d FL->FL, same DID, new page table: FSPTPTR only, one critical quantum"),
    VTD_SL_FL("vtd-sl-fl", "vtd-pasid", "sl-did7-a", "fl-did5-a", Use.BOTH,
            "VT-d SL->FL: PGTT, SSPTPTR, DID and FSPTPTR change"),
    STE_S1_S2("ste-s1-s2", "smmu-ste", "s1-ssid0", "s2-vmid1", Use.BOTH,
            "STE S1 (CD table) -> S2: Config, S1ContextPtr, VMID and S2TTB, several qwords"),
    STE_S2_NEWTTB("ste-s2-newttb", "smmu-ste", "s2-vmid1", "s2-vmid1-ttb-b", Use.STRESS_ONLY,
            "STE S2, new S2TTB, same VMID: one qword"),
    STE_S1BYPASS_SSID0("ste-s1bypass-ssid0", "smmu-ste", "s1-bypass", "s1-ssid0", Use.BOTH,
            "STE S1 with S1DSS bypass -> ssid0: S1DSS only"),
    CD_ASID("cd-asid", "smmu-cd", "s1-asid1", "cd-s1:asid=2,ttb0=0x100000", Use.BENCH_ONLY,
            "CD ASID change, same TTB0: qword 0 only"),
    CD_ASID_TTB("cd-asid-ttb", "smmu-cd", "s1-asid1", "s1-asid2", Use.STRESS_ONLY,
            "CD new ASID and new TTB0: two qwords"),
    CD_SVA_RELEASE("cd-sva-release", "smmu-cd", "sva", "sva-release", Use.STRESS_ONLY,
            "CD SVA release (EPD0 set, TTB0 dropped), the kernel's hitless case"),
    DTE_V1_V2("dte-v1-v2", "amd-dte", "v1-l3-a", "v2-5level", Use.BOTH,
            "DTE host table -> GCR3 table with a 5-level GPT: update_dte256 branch 3 (upper half, then lower), hitless"
                    + " for the 256-bit fetch, torn for 128-bit halves in any order"),
    DTE_GPT_LEVEL("dte-gpt-level", "amd-dte", "v2-4level", "v2-5level", Use.BOTH,
            "DTE GCR3 4-level -> 5-level GPT: update_dte256 branch 5 goes through V=0, DMA untranslated meanwhile"),
    RISCV_BLOCKED_S1("riscv-blocked-s1", "riscv-dc", "blocked", "s1-a", Use.STRESS_ONLY,
            "RISC-V DC blocked -> first stage (a fresh attach): riscv_iommu_iodir_update writes fsc and ta, dma_wmb, then"
                    + " tc with V; a reader of the doublewords in any order can see V=1 with fsc still Bare"),
    RISCV_S1_ROOT2("riscv-s1-root2", "riscv-dc", "s1-a", "s1-a-root2", Use.BOTH,
            "RISC-V DC first stage, same PSCID, new root: one doubleword (fsc) changes; riscv_iommu_iodir_update clears V"
                    + " first (breaking), used-bits stores fsc alone (hitless)"),
    VTDCTX_LEGACY_CLEAR("vtdctx-legacy-clear", "vtd-context-legacy", "sl-a", "cleared", Use.BOTH,
            "VT-d legacy context entry teardown: before 2026 two plain stores the compiler may order either way (torn with"
                    + " P set); since 2026 P cleared alone, flushed, then the rest");

    /** Which tools use a transition. */
    public enum Use {
        /** Raced by the generated jcstress suite and timed by the benchmarks. */
        BOTH,
        /** Only raced by the generated jcstress suite. */
        STRESS_ONLY,
        /** Only timed by the benchmarks. */
        BENCH_ONLY;

        public boolean stress() {
            return this != BENCH_ONLY;
        }

        public boolean bench() {
            return this != STRESS_ONLY;
        }
    }

    private final String id;
    private final String formatName;
    private final String from;
    private final String to;
    private final Use use;
    private final String title;

    RepresentativeTransition(String id, String formatName, String from, String to, Use use, String title) {
        this.id = id;
        this.formatName = formatName;
        this.from = from;
        this.to = to;
        this.use = use;
        this.title = title;
    }

    /** The benchmarks' {@code transition} parameter value, e.g. {@code vtd-fl-newdid}. */
    public String id() {
        return id;
    }

    /** One line: what changes and why it is here. */
    public String title() {
        return title;
    }

    public Use use() {
        return use;
    }

    /** The format's name, e.g. {@code vtd-pasid}. */
    public String formatName() {
        return formatName;
    }

    public EntryFormat format() {
        return Formats.byName(formatName);
    }

    /** Configuration A, the live entry: a catalogue name or a spec in the format's text syntax. */
    public String fromSpec() {
        return from;
    }

    /** Configuration B. */
    public String toSpec() {
        return to;
    }

    /** Configuration A's entry. */
    public Entry a() {
        return format().parseConfig(from);
    }

    /** Configuration B's entry. */
    public Entry b() {
        return format().parseConfig(to);
    }

    /**
     * Whether {@code ordering} {@linkplain Ordering#appliesTo applies to} this transition's format, i.e. whether
     * {@link #planAB} and {@link #planBA} can plan it: a driver's own ordering ({@code amd-update-dte256}) plans only
     * its own format's entries. A tool that crosses transitions with orderings skips the others.
     */
    public boolean appliesTo(Ordering ordering) {
        return ordering.appliesTo(format());
    }

    /**
     * The plan {@code ordering} makes for A->B; throws if it does not end on B, so a bad plan fails the run, and if
     * the ordering does not {@linkplain Ordering#appliesTo apply to} the format.
     */
    public Plan planAB(Ordering ordering) {
        return checked(Orderings.requireAppliesTo(ordering, format()).plan(format(), a(), b()));
    }

    /** The plan {@code ordering} makes for B->A. */
    public Plan planBA(Ordering ordering) {
        return checked(Orderings.requireAppliesTo(ordering, format()).plan(format(), b(), a()));
    }

    private static Plan checked(Plan p) {
        if (!p.reachesTarget()) {
            throw new IllegalStateException("plan does not reach its target:\n" + p);
        }
        return p;
    }

    /** The transitions the stress suite races, in list order. */
    public static List<RepresentativeTransition> stressed() {
        return Arrays.stream(values()).filter(t -> t.use.stress()).toList();
    }

    /** The transitions the benchmarks time, in list order: their {@code transition} parameter values. */
    public static List<RepresentativeTransition> benchmarked() {
        return Arrays.stream(values()).filter(t -> t.use.bench()).toList();
    }

    /** The transition with this id; one sentence naming every id otherwise. */
    public static RepresentativeTransition byId(String id) {
        for (RepresentativeTransition t : values()) if (t.id.equals(id)) return t;
        throw new IllegalArgumentException("unknown transition '" + id + "'; expected one of "
                + Arrays.stream(values()).map(RepresentativeTransition::id).collect(Collectors.joining(", ")));
    }
}
