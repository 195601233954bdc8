// SPDX-License-Identifier: GPL-2.0-only
/*
 * A fake entry_sync library for hitless's tests (see entry_sync.h): the algorithm is written once, in
 * entry_sync_template.h, and instantiated here per quantum width.
 */
#include "entry_sync.h"
#include <linux/kconfig.h>
#include <linux/atomic.h>

#if IS_ENABLED(CONFIG_IOMMU_ENTRY_SYNC64)
static bool entry_set64(struct entry_sync_writer64 *writer, __le64 *entry,
			const __le64 *target, unsigned int start,
			unsigned int len)
{
	bool changed = false;
	unsigned int i;

	for (i = start; len != 0; len--, i++) {
		if (entry[i] != target[i]) {
			WRITE_ONCE(entry[i], target[i]);
			changed = true;
		}
	}
	if (changed)
		writer->ops->sync(writer);
	return changed;
}

#define entry_sync_writer entry_sync_writer64
#define quanta_t __le64
#define NS(name) CONCATENATE(name, 64)
#include "entry_sync_template.h"
#endif

#if IS_ENABLED(CONFIG_IOMMU_ENTRY_SYNC128)
static bool entry_set128(struct entry_sync_writer128 *writer, u128 *entry,
			 const u128 *target, unsigned int start,
			 unsigned int len)
{
	bool changed = false;
	unsigned int i;

	for (i = start; len != 0; len--, i++) {
		if (entry[i] != target[i]) {
			/* one indivisible 128-bit store: the HW sees the old or the new quantum */
			cmpxchg128_local(&entry[i], entry[i], target[i]);
			changed = true;
		}
	}
	if (changed)
		writer->ops->sync(writer);
	return changed;
}

#define entry_sync_writer entry_sync_writer128
#define quanta_t u128
#define NS(name) CONCATENATE(name, 128)
#include "entry_sync_template.h"
#endif
