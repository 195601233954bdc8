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
 * What the checker says today: against used-bits-64 every transition differs at step 1 (the built-in's barrier
 * against the C writer's first store), but the checker's verdicts do not change: the reader model has no notion
 * yet of when stores made before the update become visible, so a missing barrier cannot be flagged by any verdict.
 * Catching it by verdict is the visibility issue's job; until then the test only checks the step-by-step diff.
 */
#include "hitless.h"
#undef dma_wmb
#define dma_wmb() do { } while (0)
#include "../smmu_used_bits_64.c"
