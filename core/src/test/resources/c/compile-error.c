#include "hitless.h"

void hitless_writer(__le64 *entry, const __le64 *target)
{
	WRITE_ONCE(entry[0], no_such_variable);
}
