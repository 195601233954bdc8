/*
 * vtd_used_bits_128.c: the used-bits entry writer on 128-bit quanta, in the shape of the 2026 generic entry-sync
 * library used for Intel VT-d scalable-mode PASID entries, with the VT-d PASID used-bits function. Written from
 * scratch for hitless from the algorithm's description in core/src/main/java/dev/hitless/ordering/UsedBits.java and
 * the layout in docs/entry-formats.md section 1; no kernel code is copied.
 *
 * What it models: the IOMMU fetches a PASID entry in 128-bit pieces, so the writer treats the 64-byte entry as four
 * 128-bit quanta and stores each with one 128-bit atomic store (cmpxchg128, i.e. CMPXCHG16B):
 *   1. from the used bits of the current and the target entry (PASID entries have no update-safe bits) it computes
 *      unused_update (the current entry with every ignored bit already set to the target's value) and the critical
 *      quanta (those where unused_update and target still differ on the target's used bits);
 *   2. one critical quantum: write unused_update to every other quantum, sync; write the critical quantum, sync;
 *      write the target everywhere, sync (hitless);
 *      two or more: clear quantum 0 (it holds P), sync; write quanta 1..3, sync; write quantum 0, sync (breaking);
 *      none: write the target, sync.
 *   A dma_wmb() precedes the first store; entry_set() stores only the quanta that change and syncs only if it
 *   stored something.
 *
 * Run it (the writer is the default entry point, hitless_writer):
 *   ./hitless c-check c/examples/vtd_used_bits_128.c --format vtd-pasid --against used-bits-128
 *
 * What the checker says (exit 0, about 4 s, compile included): 110 transitions, 92 HITLESS and 18 BREAKING under each
 * of strict, ascending and sticky, 0 TORN; "against used-bits-128: OK, 110 of 110 recorded plans are step for step
 * used-bits-128's". core/src/test/java/dev/hitless/cwriter/ExamplesMatchBuiltInsCTest.java holds it to the built-in
 * on every catalogue transition and on every catalogue entry with one bit flipped.
 *
 * c/examples/broken/vtd_draft_breaking_path.c includes this file and replaces its breaking path (the one function
 * guarded by VTD_EXAMPLE_OWN_BREAKING_PATH) with the early draft's.
 */
#include "hitless.h"

#define ENTRY_QWORDS 8
#define QWORDS_PER_QUANTUM 2
#define ENTRY_QUANTA (ENTRY_QWORDS / QWORDS_PER_QUANTUM)
#define ALL_QUANTA ((1u << ENTRY_QUANTA) - 1)
/* P is bit 0 of qword 0: the breaking path clears quantum 0 first and writes it last. */
#define VALID_QUANTUM 0

struct entry_writer;

struct entry_writer_ops {
	/* The bits the hardware reads when it interprets @entry. */
	void (*get_used)(const __le64 *entry, __le64 *used);
	/* Optional: bits that may change under the hardware without a break (intersected with both used sets). */
	void (*get_update_safe)(const __le64 *cur, const __le64 *target, __le64 *safe);
	/* Invalidate the hardware's cached copy of the entry and wait. */
	void (*sync)(struct entry_writer *writer);
};

struct entry_writer {
	const struct entry_writer_ops *ops;
};

static bool entry_set(struct entry_writer *writer, __le64 *entry, const __le64 *value, u8 quanta);
static void write_breaking(struct entry_writer *writer, __le64 *entry, const __le64 *target);

/*
 * Steps 1 to 3: fills @unused_update and returns the critical quanta as a bitmap (bit i = quantum i, qwords 2i and
 * 2i+1).
 */
static u8 compute_update(const struct entry_writer *writer, const __le64 *entry, const __le64 *target,
			 __le64 *unused_update)
{
	__le64 cur_used[ENTRY_QWORDS], target_used[ENTRY_QWORDS], safe[ENTRY_QWORDS] = {};
	u8 critical = 0;
	unsigned int i;

	writer->ops->get_used(entry, cur_used);
	writer->ops->get_used(target, target_used);
	if (writer->ops->get_update_safe)
		writer->ops->get_update_safe(entry, target, safe);

	for (i = 0; i < ENTRY_QWORDS; i++) {
		safe[i] &= cur_used[i] & target_used[i];
		cur_used[i] &= ~safe[i];
		unused_update[i] = (entry[i] & cur_used[i]) | (target[i] & ~cur_used[i]);
		/* On the target's used bits only: an ignored bit (FPD of a not-present entry) is no change. */
		if ((unused_update[i] ^ target[i]) & target_used[i])
			critical |= BIT(i / QWORDS_PER_QUANTUM);
	}
	return critical;
}

static void write_entry(struct entry_writer *writer, __le64 *entry, const __le64 *target)
{
	__le64 unused_update[ENTRY_QWORDS];
	u8 critical = compute_update(writer, entry, target, unused_update);
	bool differs = false;
	unsigned int i;

	for (i = 0; i < ENTRY_QWORDS; i++)
		differs |= entry[i] != target[i];
	/*
	 * The target may point at page tables written just before: make them visible to the IOMMU before any store
	 * of the entry can be. Every path below stores when the entry differs, so this barrier is exactly the one
	 * before the first store.
	 */
	if (differs)
		dma_wmb();

	if (hweight8(critical) == 1) {
		u8 c = BIT(ffs(critical) - 1);

		/* Hitless: the ignored bits first, then the one quantum that switches the configuration, then the rest. */
		entry_set(writer, entry, unused_update, ALL_QUANTA & ~c);
		entry_set(writer, entry, target, c);
		entry_set(writer, entry, target, ALL_QUANTA);
	} else if (critical) {
		write_breaking(writer, entry, target);
	} else {
		entry_set(writer, entry, target, ALL_QUANTA);
	}
}

/* One 128-bit atomic store of quantum @i of @value; the writer holds the entry's lock, so nothing races it. */
static void write_quantum(__le64 *entry, unsigned int i, const __le64 *value)
{
	u128 *slot = (u128 *)&entry[i * QWORDS_PER_QUANTUM];
	u128 old = (u128)le64_to_cpu(READ_ONCE(entry[2 * i + 1])) << 64 | le64_to_cpu(READ_ONCE(entry[2 * i]));
	u128 new = (u128)le64_to_cpu(value[2 * i + 1]) << 64 | le64_to_cpu(value[2 * i]);

	WARN_ON_ONCE(cmpxchg128(slot, old, new) != old);
}

/*
 * Stores every quantum of @quanta (a bitmap) where @value differs from the live entry, in ascending order, then
 * syncs if anything was stored. Returns true if it stored something.
 */
static bool entry_set(struct entry_writer *writer, __le64 *entry, const __le64 *value, u8 quanta)
{
	bool changed = false;
	unsigned int i;

	for (i = 0; i < ENTRY_QUANTA; i++) {
		if (!(quanta & BIT(i)) ||
		    (entry[2 * i] == value[2 * i] && entry[2 * i + 1] == value[2 * i + 1]))
			continue;
		write_quantum(entry, i, value);
		changed = true;
	}
	if (changed)
		writer->ops->sync(writer);
	return changed;
}

#ifndef VTD_EXAMPLE_OWN_BREAKING_PATH
/* Breaking: no single 128-bit store switches the configuration, so make the entry not present meanwhile. */
static void write_breaking(struct entry_writer *writer, __le64 *entry, const __le64 *target)
{
	static const __le64 zero[ENTRY_QWORDS];

	entry_set(writer, entry, zero, BIT(VALID_QUANTUM));
	entry_set(writer, entry, target, ALL_QUANTA & ~BIT(VALID_QUANTUM));
	entry_set(writer, entry, target, BIT(VALID_QUANTUM));
}
#endif

static void sync_entry(struct entry_writer *writer)
{
	(void)writer;
	hitless_sync("entry"); /* PASID-cache invalidation + wait descriptor */
}

/* --- VT-d scalable-mode PASID entry (docs/entry-formats.md section 1) --- */

#define PASID_0_P		BIT_ULL(0)
#define PASID_0_FPD		BIT_ULL(1)
#define PASID_0_AW		GENMASK_ULL(4, 2)
#define PASID_0_PGTT		GENMASK_ULL(8, 6)
#define PASID_0_SSADE		BIT_ULL(9)
#define PASID_0_SSPTPTR		GENMASK_ULL(63, 12)

#define PASID_1_DID		GENMASK_ULL(15, 0)
#define PASID_1_PWSNP		BIT_ULL(23)
#define PASID_1_PGSNP		BIT_ULL(24)

#define PASID_2_SRE		BIT_ULL(0)
#define PASID_2_FSPM		GENMASK_ULL(3, 2)
#define PASID_2_WPE		BIT_ULL(4)
#define PASID_2_EAFE		BIT_ULL(7)
#define PASID_2_FSPTPTR		GENMASK_ULL(63, 12)

#define PGTT_FL		1
#define PGTT_SL		2
#define PGTT_NESTED	3
#define PGTT_PT		4

/* Decided by P and PGTT only; a present entry with an undefined PGTT uses every bit. */
static void pasid_get_used(const __le64 *ent, __le64 *used)
{
	u64 q0 = le64_to_cpu(ent[0]);
	u64 u0 = PASID_0_P, u1 = 0, u2 = 0;
	unsigned int i;

	for (i = 0; i < ENTRY_QWORDS; i++)
		used[i] = 0;
	if (q0 & PASID_0_P) {
		switch (FIELD_GET(PASID_0_PGTT, q0)) {
		case PGTT_FL:
			u0 |= PASID_0_AW | PASID_0_PGTT;
			u1 = PASID_1_DID | PASID_1_PWSNP | PASID_1_PGSNP;
			u2 = PASID_2_FSPTPTR | PASID_2_FSPM;
			break;
		case PGTT_SL:
			u0 |= PASID_0_FPD | PASID_0_AW | PASID_0_PGTT | PASID_0_SSADE | PASID_0_SSPTPTR;
			u1 = PASID_1_DID | PASID_1_PWSNP;
			break;
		case PGTT_NESTED:
			u0 |= PASID_0_FPD | PASID_0_AW | PASID_0_PGTT | PASID_0_SSADE | PASID_0_SSPTPTR;
			u1 = PASID_1_DID | PASID_1_PWSNP | PASID_1_PGSNP;
			u2 = PASID_2_FSPTPTR | PASID_2_FSPM | PASID_2_WPE | PASID_2_EAFE | PASID_2_SRE;
			break;
		case PGTT_PT:
			u0 |= PASID_0_FPD | PASID_0_AW | PASID_0_PGTT;
			u1 = PASID_1_DID | PASID_1_PWSNP;
			break;
		default:
			for (i = 0; i < ENTRY_QWORDS; i++)
				used[i] = cpu_to_le64(~0ULL);
			return;
		}
	}
	used[0] = cpu_to_le64(u0);
	used[1] = cpu_to_le64(u1);
	used[2] = cpu_to_le64(u2);
}

static const struct entry_writer_ops pasid_writer_ops = {
	.get_used = pasid_get_used,
	.sync = sync_entry,
};

void hitless_writer(__le64 *entry, const __le64 *target)
{
	struct entry_writer writer = { .ops = &pasid_writer_ops };

	write_entry(&writer, entry, target);
}
