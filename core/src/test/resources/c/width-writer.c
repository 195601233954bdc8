/*
 * A test writer for any entry width: chunk 0 (qwords 0 and 1) qword by qword with WRITE_ONCE, every further 128-bit
 * chunk with one cmpxchg128, then one entry sync. HITLESS_ENTRY_QWORDS is the format's width (c-check defines it).
 */
#include "hitless.h"

void hitless_writer(__le64 *entry, const __le64 *target)
{
	WRITE_ONCE(entry[0], target[0]);
	WRITE_ONCE(entry[1], target[1]);
	for (int i = 2; i < HITLESS_ENTRY_QWORDS; i += 2) {
		u128 *p = (u128 *)&entry[i];
		u128 want = ((u128)target[i + 1] << 64) | target[i];
		cmpxchg128(p, *p, want);
	}
	hitless_sync("entry");
}
