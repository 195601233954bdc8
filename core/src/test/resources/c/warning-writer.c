/* Compiles, with warnings c-check shows: an unused variable and a function called before it is declared */
void hitless_writer(__le64 *entry, const __le64 *target)
{
	int unused;

	declared_later(entry);
	WRITE_ONCE(entry[0], target[0]);
	WRITE_ONCE(entry[1], target[1]);
	WRITE_ONCE(entry[2], target[2]);
}

void declared_later(__le64 *e)
{
	(void)e;
}
