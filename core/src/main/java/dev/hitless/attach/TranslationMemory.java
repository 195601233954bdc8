package dev.hitless.attach;

/**
 * The state the cache-tag model reads and writes, besides the entry: each domain's page-table entry for the one IOVA
 * the model follows, each domain's invalidation list, and the device's two translation caches. {@link CacheTags}
 * states the rules over it once; the checker keeps it packed in a long ({@link AttachChecker}), the jcstress suites
 * and the benchmarks in off-heap memory.
 *
 * <p>Tag slots: 0 the old tag, 1 the new tag, 2 the temporary one ({@link DomainSwitch#slot}). IOTLB bit
 * {@code 2*slot + table} is a translation tagged {@code slot} into {@code table}'s page; device-TLB bit {@code table}
 * is a translation into {@code table}'s page (the device TLB is keyed by PASID, not by tag).
 */
public interface TranslationMemory {
    /** Whether {@code d}'s page-table entry still maps the page. */
    boolean ptePresent(Domain d);

    /** The unmapper's first step: clear {@code d}'s page-table entry. */
    void clearPte(Domain d);

    /** The tag slots under which the device sits on {@code d}'s invalidation list, bit per slot. */
    int listSlots(Domain d);

    void setListSlots(Domain d, int slots);

    /** IOTLB contents, bit {@code 2*slot + table}. */
    int iotlb();

    void setIotlb(int bits);

    /** Device-TLB contents, bit {@code table}. */
    int devtlb();

    void setDevtlb(int bits);
}
