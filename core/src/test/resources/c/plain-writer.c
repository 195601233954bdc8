/* A test writer that copies the target with plain C stores (no WRITE_ONCE): the harness must still see them. */
#include "hitless.h"

void hitless_writer(__le64 *entry, const __le64 *target)
{
	for (int i = 0; i < 8; i++)
		entry[i] = target[i];
	hitless_sync("entry");
}
