/* A test writer that makes every kind of event once, in a known order (see CWriterTest.everyEventIsRecorded). */
#include "hitless.h"

void events_writer(__le64 *entry, const __le64 *target)
{
	__le64 copy[8];
	WRITE_ONCE(copy[0], 1);            /* a stack copy: not recorded */
	WRITE_ONCE(entry[1], target[1]);   /* store64 1 */
	dma_wmb();
	wmb();
	smp_wmb();
	mb();
	entry[2] = target[2];              /* plain store64 2, found at the next event */
	u128 old = ((u128)READ_ONCE(entry[5]) << 64) | READ_ONCE(entry[4]);
	u128 new_value = ((u128)target[5] << 64) | target[4];
	cmpxchg128((u128 *)&entry[4], old + 1, new_value); /* fails: not recorded */
	cmpxchg128((u128 *)&entry[4], old, new_value);     /* store128 2 */
	u128 expect = ((u128)entry[7] << 64) | entry[6];
	try_cmpxchg128((u128 *)&entry[6], &expect, ((u128)target[7] << 64) | target[6]); /* store128 3 */
	WARN_ON_ONCE(copy[0] == 1);        /* warn */
	hitless_sync("pasid-cache+iotlb"); /* an alias: sync entry+iotlb */
	WRITE_ONCE(entry[0], target[0]);
	WRITE_ONCE(entry[3], target[3]);
	rmb();                             /* not recorded */
	hitless_sync("entry");
}
