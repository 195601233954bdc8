/*
 * broken/smmu_no_leading_barrier.c: WRONG ON PURPOSE. The 64-bit used-bits writer of ../smmu_used_bits_64.c without
 * its leading dma_wmb(): the first store of the entry may become visible to the SMMU before the stores that filled
 * the tables the new entry points at (the CD table, the stage-2 tables), so the SMMU can walk stale tables.
 *
 * Everything is the example's own code: this file turns dma_wmb() into nothing and includes it (hitless.h has an
 * include guard, so the example's own #include does not bring the barrier back).
 *
 * Run it:
 *   ./hitless c-check c/examples/broken/smmu_no_leading_barrier.c --entry hitless_writer_ste --format smmu-ste --against used-bits-64
 *
 * It is step for step the built-in used-bits-64-no-wmb (ARM's writer before 6fabce53f6b9, "iommu/arm-smmu-v3:
 * Add a missing dma_wmb() for hitless STE update"); --against used-bits-64 shows the difference at step 1 of every
 * transition ("110 of 110 recorded plans differ", exit 1). By verdict, under the STE's barrier-ordered visibility,
 * it is UNINIT on the transitions whose hitless path's first store is the critical one and carries a new table
 * pointer (s1-ssid0 <-> s1-cdtab-b, s2-vmid1 <-> s2-vmid1-ttb-b), where the SMMU may follow the pointer before the
 * table behind it is visible; the correct example is clean there. ExamplesMatchBuiltInsCTest holds it to both
 * (docs/visibility.md, "Findings under barrier-ordered visibility").
 */
#include "hitless.h"
#undef dma_wmb
#define dma_wmb() do { } while (0)
#include "../smmu_used_bits_64.c"
