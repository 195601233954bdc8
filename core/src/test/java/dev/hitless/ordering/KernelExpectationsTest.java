package dev.hitless.ordering;

import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.plan.Ordering;
import dev.hitless.plan.Claim;
import dev.hitless.plan.Plan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The claim (the branch taken) and the number of entry syncs of the used-bits orderings, pinned per transition. For the STE and CD rows
 * the figures are the kernel KUnit test's ({@code arm-smmu-v3-test.c}, test named in the last column); the VT-d rows
 * follow from the used-bits table of the PASID entry (FL uses qwords 0-2, SL and PT qwords 0-1; with 128-bit quanta a
 * change of DID lands in quantum 0 and a change of FSPTPTR in quantum 1).
 */
class KernelExpectationsTest {

    @ParameterizedTest(name = "{0} {1}: {2} -> {3} is {4} with {5} syncs ({6})")
    @CsvSource(delimiter = '|', textBlock = """
            smmu-ste | used-bits-64  | bypass                        | abort                         | HITLESS  | 2 | write_ste_test_bypass_to_abort
            smmu-ste | used-bits-64  | abort                         | bypass                        | HITLESS  | 2 | write_ste_test_abort_to_bypass
            smmu-ste | used-bits-64  | s1-ssid0                      | abort                         | HITLESS  | 2 | write_ste_test_cdtable_to_abort
            smmu-ste | used-bits-64  | abort                         | s1-ssid0                      | HITLESS  | 2 | write_ste_test_abort_to_cdtable
            smmu-ste | used-bits-64  | s1-ssid0                      | bypass                        | HITLESS  | 3 | write_ste_test_cdtable_to_bypass
            smmu-ste | used-bits-64  | bypass                        | s1-ssid0                      | HITLESS  | 3 | write_ste_test_bypass_to_cdtable
            smmu-ste | used-bits-64  | s1-ssid0                      | s1-bypass                     | HITLESS  | 1 | write_ste_test_cdtable_s1dss_change
            smmu-ste | used-bits-64  | s1-bypass                     | s1-ssid0                      | HITLESS  | 1 | write_ste_test_cdtable_s1dss_change
            smmu-ste | used-bits-64  | s1-bypass                     | bypass                        | HITLESS  | 2 | write_ste_test_s1dssbypass_to_stebypass
            smmu-ste | used-bits-64  | bypass                        | s1-bypass                     | HITLESS  | 2 | write_ste_test_stebypass_to_s1dssbypass
            smmu-ste | used-bits-64  | s2-vmid1                      | abort                         | HITLESS  | 2 | write_ste_test_s2_to_abort
            smmu-ste | used-bits-64  | abort                         | s2-vmid1                      | HITLESS  | 2 | write_ste_test_abort_to_s2
            smmu-ste | used-bits-64  | s2-vmid1                      | bypass                        | HITLESS  | 2 | write_ste_test_s2_to_bypass
            smmu-ste | used-bits-64  | bypass                        | s2-vmid1                      | HITLESS  | 2 | write_ste_test_bypass_to_s2
            smmu-ste | used-bits-64  | s1-ssid0                      | s2-vmid1                      | BREAKING | 3 | write_ste_test_s1_to_s2
            smmu-ste | used-bits-64  | s2-vmid1                      | s1-ssid0                      | BREAKING | 3 | write_ste_test_s2_to_s1
            smmu-ste | used-bits-64  | s1-bypass                     | s1-cdtab-b                    | BREAKING | 3 | write_ste_test_non_hitless (CD table and S1DSS both change)
            smmu-cd  | used-bits-64  | cleared                       | s1-asid1                      | HITLESS  | 2 | write_cd_test_s1_clear
            smmu-cd  | used-bits-64  | s1-asid1                      | cleared                       | HITLESS  | 2 | write_cd_test_s1_clear
            smmu-cd  | used-bits-64  | cd-s1:asid=1,ttb0=0x100000    | cd-s1:asid=2,ttb0=0x100000    | HITLESS  | 1 | write_cd_test_s1_change_asid (ASID only: qword 0)
            smmu-cd  | used-bits-64  | sva                           | sva-release                   | HITLESS  | 2 | write_cd_test_sva_release
            smmu-cd  | used-bits-64  | sva                           | cleared                       | HITLESS  | 2 | write_cd_test_sva_clear
            vtd-pasid | used-bits-128 | fl-did5-a                    | fl-did5-b                     | HITLESS  | 1 | same DID, new first-stage table: quantum 1 only
            vtd-pasid | used-bits-128 | fl-did5-a                    | fl-did6-a                     | HITLESS  | 1 | new DID, same table: quantum 0 only
            vtd-pasid | used-bits-128 | fl-did5-a                    | fl-did6-b                     | BREAKING | 3 | new DID and table: quanta 0 and 1 critical
            vtd-pasid | used-bits-64  | fl-did5-a                    | fl-did6-b                     | BREAKING | 3 | new DID (q1) and table (q2): two critical qwords
            vtd-pasid | used-bits-128 | fl-did5-a                    | sl-did7-b                     | HITLESS  | 2 | SSPTPTR is ignored by FL: written with quantum 0, FSPTPTR cleaned after
            vtd-pasid | used-bits-128 | sl-did7-a                    | sl-did8                       | HITLESS  | 1 | DID and SSPTPTR both in quantum 0
            vtd-pasid | used-bits-128 | not-present                  | pt                            | HITLESS  | 1 | set-up of an absent entry: one atomic quantum
            vtd-pasid | used-bits-128 | not-present                  | fl-did5-a                     | HITLESS  | 2 | FSPTPTR first (ignored while P=0), then quantum 0
            vtd-pasid | used-bits-128 | nested                       | fl-did5-b                     | BREAKING | 3 | quantum 0 (PGTT) and quantum 1 (FSPTPTR) critical
            """)
    void usedBitsClaimAndSyncs(String format, String ordering, String from, String to, Claim claim, int syncs, String why) {
        EntryFormat f = Formats.byName(format);
        Plan p = Orderings.byName(ordering).plan(f, f.parseConfig(from), f.parseConfig(to));
        assertEquals(claim, p.claim(), why + "\n" + p);
        assertEquals(syncs, p.entrySyncCount(), why + "\n" + p);
        assertTrue(p.reachesTarget(), why);
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            vtd-pasid | fl-did5-a | fl-did6-b
            smmu-ste  | s1-ssid0  | s2-vmid1
            smmu-cd   | s1-asid1  | sva
            """)
    void teardownClearsTheValidBitFirstAndSetsItLast(String format, String from, String to) {
        EntryFormat f = Formats.byName(format);
        Ordering o = new ClearThenUpdate();
        Plan p = o.plan(f, f.parseConfig(from), f.parseConfig(to));
        assertEquals(Claim.BREAKING, p.claim());
        assertEquals(2, p.entrySyncCount());
        var first = (dev.hitless.plan.Step.Store64) p.steps().get(0);
        assertEquals(f.validBit().qword(), first.qword());
        assertEquals(0, f.validBit().get(f.parseConfig(from).withQword(first.qword(), first.value())));
        var stores = p.steps().stream().filter(dev.hitless.plan.Step::isStore).toList();
        var last = (dev.hitless.plan.Step.Store64) stores.get(stores.size() - 1);
        assertEquals(f.validBit().qword(), last.qword());
        assertEquals(f.parseConfig(to).qword(last.qword()), last.value());
    }
}
