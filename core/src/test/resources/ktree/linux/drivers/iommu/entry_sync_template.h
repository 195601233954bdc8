/* SPDX-License-Identifier: GPL-2.0-only */
/* The entry_sync algorithm, instantiated by entry_sync.c once per quantum type (quanta_t) */
#include "entry_sync.h"
#include <linux/args.h>
#include <linux/bitops.h>

#ifndef entry_sync_writer
#define entry_sync_writer entry_sync_writer64
#define quanta_t __le64
#define NS(name) CONCATENATE(name, 64)
#endif

/* Returns the quanta whose used bits must change after unused_update is written, one bit each */
static u8 NS(entry_quanta_diff)(struct entry_sync_writer *writer,
				const quanta_t *entry, const quanta_t *target,
				quanta_t *unused_update, quanta_t *memory)
{
	quanta_t *target_used = memory + writer->num_quantas * 1;
	quanta_t *cur_used = memory + writer->num_quantas * 2;
	u8 used_quanta_diff = 0;
	unsigned int i;

	writer->ops->get_used(entry, cur_used);
	writer->ops->get_used(target, target_used);

	for (i = 0; i != writer->num_quantas; i++) {
		WARN_ON_ONCE(target[i] & ~target_used[i]);
		unused_update[i] = (entry[i] & cur_used[i]) |
				   (target[i] & ~cur_used[i]);
		if ((unused_update[i] & target_used[i]) != target[i])
			used_quanta_diff |= 1 << i;
	}
	return used_quanta_diff;
}

/* Moves entry to target: hitless when one quantum's used bits change, else through V=0 */
void NS(entry_sync_write)(struct entry_sync_writer *writer, quanta_t *entry,
			  const quanta_t *target, quanta_t *memory,
			  size_t memory_len)
{
	quanta_t *unused_update = memory + writer->num_quantas * 0;
	u8 used_quanta_diff;

	if (WARN_ON(memory_len !=
		    ENTRY_SYNC_MEMORY_LEN(writer) * sizeof(*memory)))
		return;

	used_quanta_diff = NS(entry_quanta_diff)(writer, entry, target,
						unused_update, memory);
	if (hweight8(used_quanta_diff) == 1) {
		unsigned int critical = ffs(used_quanta_diff) - 1;

		unused_update[critical] = entry[critical];
		NS(entry_set)(writer, entry, unused_update, 0,
			      writer->num_quantas);
		NS(entry_set)(writer, entry, target, critical, 1);
		NS(entry_set)(writer, entry, target, 0, writer->num_quantas);
	} else if (used_quanta_diff) {
		unused_update[writer->vbit_quanta] = 0;
		NS(entry_set)(writer, entry, unused_update, writer->vbit_quanta, 1);
		if (writer->vbit_quanta != 0)
			NS(entry_set)(writer, entry, target, 0, writer->vbit_quanta);
		if (writer->vbit_quanta + 1 < writer->num_quantas)
			NS(entry_set)(writer, entry, target,
				      writer->vbit_quanta + 1,
				      writer->num_quantas - writer->vbit_quanta - 1);
		NS(entry_set)(writer, entry, target, writer->vbit_quanta, 1);
	} else {
		WARN_ON_ONCE(NS(entry_set)(writer, entry, target, 0,
					   writer->num_quantas));
	}
}
EXPORT_SYMBOL(NS(entry_sync_write));

#undef entry_sync_writer
#undef quanta_t
#undef NS
