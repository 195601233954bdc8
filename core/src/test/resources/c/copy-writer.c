/* A test writer: the struct copy, qword by qword with WRITE_ONCE, then one entry sync (the built-in struct-copy). */
#include "hitless.h"

void hitless_writer(__le64 *entry, const __le64 *target)
{
	for (int i = 0; i < 8; i++)
		WRITE_ONCE(entry[i], target[i]);
	hitless_sync("entry+iotlb+devtlb");
}
