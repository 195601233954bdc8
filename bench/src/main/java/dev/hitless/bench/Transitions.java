package dev.hitless.bench;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Plan;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The representative transitions the benchmarks replace back and forth, named by the {@code transition} JMH
 * parameter. Each is two configurations in the formats' own text syntax ({@link EntryFormat#parseConfig}), so the
 * entries come from the formats, never from hand-written hex here.
 *
 * <p>Why these: they are the replaces drivers actually do, and they split the orderings apart. A VT-d first-stage
 * replace that changes DID and FSPTPTR has two critical quanta (breaking under used-bits); keeping the DID makes it
 * one (hitless); SL->FL changes PGTT; an STE S1->S2 flips Config; S1 with S1DSS=bypass -> ssid0 changes one
 * qword; a CD ASID change touches qword 0 only.
 */
public enum Transitions {
    VTD_FL_NEWDID("vtd-fl-newdid", "vtd-pasid", "fl:did=5,fsptptr=0x100000", "fl:did=6,fsptptr=0x200000",
            "VT-d FL->FL, different DID and page table"),
    VTD_FL_SAMEDID("vtd-fl-samedid", "vtd-pasid", "fl:did=5,fsptptr=0x100000", "fl:did=5,fsptptr=0x200000",
            "VT-d FL->FL, same DID, new page table"),
    VTD_SL_FL("vtd-sl-fl", "vtd-pasid", "sl:did=7,ssptptr=0x300000", "fl:did=5,fsptptr=0x100000",
            "VT-d SL->FL"),
    STE_S1_S2("ste-s1-s2", "smmu-ste", "ste-s1:cdtab=0x40000,s1cdmax=8,s1dss=ssid0", "ste-s2:vmid=3,s2ttb=0x80000",
            "STE S1 (CD table) -> S2"),
    STE_S1BYPASS_SSID0("ste-s1bypass-ssid0", "smmu-ste", "ste-s1:cdtab=0x40000,s1cdmax=8,s1dss=bypass",
            "ste-s1:cdtab=0x40000,s1cdmax=8,s1dss=ssid0", "STE S1 with S1DSS bypass -> ssid0"),
    CD_ASID("cd-asid", "smmu-cd", "cd-s1:asid=1,ttb0=0x100000", "cd-s1:asid=2,ttb0=0x100000",
            "CD ASID change, same TTB0");

    /** Comma-separated ids of every transition, for {@code -p transition=...}. */
    public static final String ALL_IDS = "vtd-fl-newdid,vtd-fl-samedid,vtd-sl-fl,ste-s1-s2,ste-s1bypass-ssid0,cd-asid";

    private final String id;
    private final String formatName;
    private final String from;
    private final String to;
    private final String title;

    Transitions(String id, String formatName, String from, String to, String title) {
        this.id = id;
        this.formatName = formatName;
        this.from = from;
        this.to = to;
        this.title = title;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public EntryFormat format() {
        return Formats.byName(formatName);
    }

    /** Configuration A, the entry the table starts with. */
    public Entry a() {
        return format().parseConfig(from);
    }

    /** Configuration B. */
    public Entry b() {
        return format().parseConfig(to);
    }

    public String fromSpec() {
        return from;
    }

    public String toSpec() {
        return to;
    }

    /** The plan {@code ordering} makes for A->B; throws if it does not end on B, so a bad plan fails the run. */
    public Plan planAB(Ordering ordering) {
        return checked(ordering.plan(format(), a(), b()));
    }

    /** The plan {@code ordering} makes for B->A. */
    public Plan planBA(Ordering ordering) {
        return checked(ordering.plan(format(), b(), a()));
    }

    private static Plan checked(Plan p) {
        if (!p.reachesTarget()) {
            throw new IllegalStateException("plan does not reach its target:\n" + p);
        }
        return p;
    }

    public static Transitions byId(String id) {
        for (Transitions t : values()) if (t.id.equals(id)) return t;
        throw new IllegalArgumentException("unknown transition '" + id + "'; expected one of "
                + List.of(values()).stream().map(Transitions::id).collect(Collectors.joining(", ")));
    }
}
