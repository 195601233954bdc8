/* Kernel names the shim lacks, one of each kind the compiler reports differently; c-check lists them all */
DEFINE_KERNEL_THING(sizeof(u64) == 8);
static kernel_type_t kernel_value;

void hitless_writer(__le64 *entry, const __le64 *target)
{
	WRITE_ONCE(entry[0], target[0] + no_such_variable);
	kernel_function_the_shim_lacks(entry);
}
