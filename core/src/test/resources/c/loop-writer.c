/* Never returns once the current entry is not all zeros. */
#include "hitless.h"

void hitless_writer(__le64 *entry, const __le64 *target)
{
	while (READ_ONCE(entry[0]) != 0)
		;
}
