/* Dereferences a null pointer on every transition whose current entry is not all zeros. */
#include "hitless.h"

void hitless_writer(__le64 *entry, const __le64 *target)
{
	volatile __le64 *nothing = NULL;
	if (entry[0] != 0)
		nothing[0] = target[0];
}
