/*
 * smmu_used_bits_64.c: the used-bits entry writer on 64-bit qwords, in the shape of ARM SMMUv3's
 * arm_smmu_write_entry(), with the SMMUv3 Stream Table Entry and Context Descriptor used-bits functions (and the
 * STE's update-safe bits). Written from scratch for hitless from the algorithm's description in
 * core/src/main/java/dev/hitless/ordering/UsedBits.java and the layouts in docs/entry-formats.md sections 2 and 3;
 * no kernel code is copied.
 *
 * What it models: a driver that rewrites a live STE or CD by
 *   1. computing, from the used bits of the current and the target entry (minus the update-safe bits both use),
 *      unused_update (the current entry with every bit the hardware ignores already set to the target's value) and
 *      the critical qwords (those where unused_update and target still differ on the target's used bits);
 *   2. one critical qword: write unused_update to every other qword, sync; write the critical qword, sync; write the
 *      target everywhere, sync (hitless);
 *      two or more: clear qword 0 (V), sync; write qwords 1..7, sync; write qword 0, sync (breaking);
 *      none: write the target, sync.
 *   A dma_wmb() precedes the first store; entry_set() stores only the qwords that change (WRITE_ONCE) and syncs only
 *   if it stored something.
 *
 * Two writers, one per format (the file defines no hitless_writer, so --entry is required):
 *   ./hitless c-check c/examples/smmu_used_bits_64.c --entry hitless_writer_ste --format smmu-ste --against used-bits-64
 *   ./hitless c-check c/examples/smmu_used_bits_64.c --entry hitless_writer_cd --format smmu-cd --against used-bits-64
 *
 * What the checker says (exit 0, about 3 s each, compile included):
 *   smmu-ste: 110 transitions, 58 HITLESS and 52 BREAKING under each of strict, ascending and sticky, 0 TORN;
 *             "against used-bits-64: OK, 110 of 110 recorded plans are step for step used-bits-64's"
 *   smmu-cd:  20 transitions, 10 HITLESS and 10 BREAKING under each reader, 0 TORN; 20 of 20 step for step.
 * core/src/test/java/dev/hitless/cwriter/ExamplesMatchBuiltInsCTest.java holds both writers to the built-in on every
 * catalogue transition and on every catalogue entry with one bit flipped (so a wrong used-bits rule shows).
 */
#include "hitless.h"

#define ENTRY_QWORDS 8
#define ALL_QWORDS ((1u << ENTRY_QWORDS) - 1)
/* Both STE.V and CD.V live in qword 0: the breaking path clears that qword first and writes it last. */
#define VALID_QWORD 0

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

/*
 * Steps 1 to 3: fills @unused_update and returns the critical qwords as a bitmap (bit i = qword i).
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
		/* Update-safe bits count only where both configurations use them; then they are as good as unused. */
		safe[i] &= cur_used[i] & target_used[i];
		cur_used[i] &= ~safe[i];
		unused_update[i] = (entry[i] & cur_used[i]) | (target[i] & ~cur_used[i]);
		/*
		 * Compared on the target's used bits only: a bit the target sets but does not use is no reason to
		 * treat the qword as critical.
		 */
		if ((unused_update[i] ^ target[i]) & target_used[i])
			critical |= BIT(i);
	}
	return critical;
}

/*
 * Stores every qword of @qwords (a bitmap) where @value differs from the live entry, in ascending order, then syncs
 * if anything was stored. Returns true if it stored something.
 */
static bool entry_set(struct entry_writer *writer, __le64 *entry, const __le64 *value, u8 qwords)
{
	bool changed = false;
	unsigned int i;

	for (i = 0; i < ENTRY_QWORDS; i++) {
		if (!(qwords & BIT(i)) || entry[i] == value[i])
			continue;
		WRITE_ONCE(entry[i], value[i]);
		changed = true;
	}
	if (changed)
		writer->ops->sync(writer);
	return changed;
}

static void write_entry(struct entry_writer *writer, __le64 *entry, const __le64 *target)
{
	static const __le64 zero[ENTRY_QWORDS];
	__le64 unused_update[ENTRY_QWORDS];
	u8 critical = compute_update(writer, entry, target, unused_update);
	bool differs = false;
	unsigned int i;

	for (i = 0; i < ENTRY_QWORDS; i++)
		differs |= entry[i] != target[i];
	/*
	 * The target may point at tables (CD table, stage-2 tables) written just before: make them visible to the
	 * SMMU before any store of the entry can be. Every path below stores when the entry differs, so this barrier
	 * is exactly the one before the first store.
	 */
	if (differs)
		dma_wmb();

	if (hweight8(critical) == 1) {
		u8 c = BIT(ffs(critical) - 1);

		/* Hitless: the ignored bits first, then the one qword that switches the configuration, then the rest. */
		entry_set(writer, entry, unused_update, ALL_QWORDS & ~c);
		entry_set(writer, entry, target, c);
		entry_set(writer, entry, target, ALL_QWORDS);
	} else if (critical) {
		/* Breaking: no single 64-bit store switches the configuration, so invalidate the entry meanwhile. */
		entry_set(writer, entry, zero, BIT(VALID_QWORD));
		entry_set(writer, entry, target, ALL_QWORDS & ~BIT(VALID_QWORD));
		entry_set(writer, entry, target, BIT(VALID_QWORD));
	} else {
		entry_set(writer, entry, target, ALL_QWORDS);
	}
}

static void sync_entry(struct entry_writer *writer)
{
	(void)writer;
	hitless_sync("entry"); /* CFGI_STE / CFGI_CD + CMD_SYNC */
}

/* --- SMMUv3 Stream Table Entry (docs/entry-formats.md section 2) --- */

#define STE_0_V			BIT_ULL(0)
#define STE_0_CFG		GENMASK_ULL(3, 1)
#define STE_0_CFG_BYPASS	4
#define STE_0_S1FMT		GENMASK_ULL(5, 4)
#define STE_0_S1CTXPTR		GENMASK_ULL(51, 6)
#define STE_0_S1CDMAX		GENMASK_ULL(63, 59)

#define STE_1_S1DSS		GENMASK_ULL(1, 0)
#define STE_1_S1DSS_BYPASS	1
#define STE_1_S1CIR		GENMASK_ULL(3, 2)
#define STE_1_S1COR		GENMASK_ULL(5, 4)
#define STE_1_S1CSH		GENMASK_ULL(7, 6)
#define STE_1_MEV		BIT_ULL(19)
#define STE_1_S2FWB		BIT_ULL(25)
#define STE_1_S1STALLD		BIT_ULL(27)
#define STE_1_EATS		GENMASK_ULL(29, 28)
#define STE_1_EATS_TRANS_BIT	BIT_ULL(28)
#define STE_1_EATS_S1CHK_BIT	BIT_ULL(29)
#define STE_1_STRW		GENMASK_ULL(31, 30)
#define STE_1_SHCFG		GENMASK_ULL(45, 44)

#define STE_2_S2VMID		GENMASK_ULL(15, 0)
#define STE_2_VTCR		GENMASK_ULL(50, 32)
#define STE_2_S2AA64		BIT_ULL(51)
#define STE_2_S2ENDI		BIT_ULL(52)
#define STE_2_S2PTW		BIT_ULL(54)
#define STE_2_S2S		BIT_ULL(57)
#define STE_2_S2R		BIT_ULL(58)

#define STE_3_S2TTB		GENMASK_ULL(51, 4)

static void ste_get_used(const __le64 *ent, __le64 *used)
{
	u64 q0 = le64_to_cpu(ent[0]);
	unsigned int cfg, i;

	for (i = 0; i < ENTRY_QWORDS; i++)
		used[i] = 0;
	used[0] = cpu_to_le64(STE_0_V);
	if (!(q0 & STE_0_V))
		return;
	used[0] |= cpu_to_le64(STE_0_CFG);
	cfg = FIELD_GET(STE_0_CFG, q0);

	if (cfg & 1) { /* stage 1: S1_TRANS, NESTED */
		used[0] |= cpu_to_le64(STE_0_S1FMT | STE_0_S1CTXPTR | STE_0_S1CDMAX);
		used[1] |= cpu_to_le64(STE_1_S1DSS | STE_1_S1CIR | STE_1_S1COR | STE_1_S1CSH | STE_1_S1STALLD |
				       STE_1_STRW | STE_1_EATS | STE_1_MEV);
		used[2] |= cpu_to_le64(STE_2_S2VMID);
		/* SHCFG reaches stage-1 traffic only when substream-less traffic bypasses. */
		if (FIELD_GET(STE_1_S1DSS, le64_to_cpu(ent[1])) == STE_1_S1DSS_BYPASS)
			used[1] |= cpu_to_le64(STE_1_SHCFG);
	}
	if (cfg & 2) { /* stage 2: S2_TRANS, NESTED */
		used[1] |= cpu_to_le64(STE_1_S2FWB | STE_1_EATS | STE_1_SHCFG | STE_1_MEV);
		used[2] |= cpu_to_le64(STE_2_S2VMID | STE_2_VTCR | STE_2_S2AA64 | STE_2_S2ENDI | STE_2_S2PTW |
				       STE_2_S2S | STE_2_S2R);
		used[3] |= cpu_to_le64(STE_3_S2TTB);
	}
	if (cfg == STE_0_CFG_BYPASS)
		used[1] |= cpu_to_le64(STE_1_SHCFG);
}

/* Raw update-safe bits; compute_update() intersects them with both entries' used bits. */
static void ste_get_update_safe(const __le64 *cur, const __le64 *target, __le64 *safe)
{
	u64 q1 = le64_to_cpu(cur[1]) | le64_to_cpu(target[1]);
	u64 q2 = le64_to_cpu(cur[2]) | le64_to_cpu(target[2]);

	safe[1] |= cpu_to_le64(STE_1_MEV);
	/* ATS translation may be switched on or off live, unless S1CHK or stalls are involved. */
	if (!(q1 & STE_1_EATS_S1CHK_BIT) && !(q2 & STE_2_S2S))
		safe[1] |= cpu_to_le64(STE_1_EATS_TRANS_BIT);
}

static const struct entry_writer_ops ste_writer_ops = {
	.get_used = ste_get_used,
	.get_update_safe = ste_get_update_safe,
	.sync = sync_entry,
};

void hitless_writer_ste(__le64 *entry, const __le64 *target)
{
	struct entry_writer writer = { .ops = &ste_writer_ops };

	write_entry(&writer, entry, target);
}

/* --- SMMUv3 Context Descriptor (docs/entry-formats.md section 3) --- */

#define CD_0_TTB0_WALK		GENMASK_ULL(13, 0) /* T0SZ, TG0, IRGN0, ORGN0, SH0 */
#define CD_0_EPD0		BIT_ULL(14)
#define CD_0_V			BIT_ULL(31)
#define CD_1_TTB0		GENMASK_ULL(51, 4)

static void cd_get_used(const __le64 *ent, __le64 *used)
{
	u64 q0 = le64_to_cpu(ent[0]);
	unsigned int i;

	for (i = 0; i < ENTRY_QWORDS; i++)
		used[i] = (q0 & CD_0_V) ? cpu_to_le64(~0ULL) : 0;
	if (!(q0 & CD_0_V)) {
		used[0] = cpu_to_le64(CD_0_V);
		return;
	}
	/* EPD0: no walks through TTB0, so the walk controls and TTB0 itself are ignored. */
	if (q0 & CD_0_EPD0) {
		used[0] &= cpu_to_le64(~CD_0_TTB0_WALK);
		used[1] &= cpu_to_le64(~CD_1_TTB0);
	}
}

static const struct entry_writer_ops cd_writer_ops = {
	.get_used = cd_get_used,
	.sync = sync_entry,
};

void hitless_writer_cd(__le64 *entry, const __le64 *target)
{
	struct entry_writer writer = { .ops = &cd_writer_ops };

	write_entry(&writer, entry, target);
}
