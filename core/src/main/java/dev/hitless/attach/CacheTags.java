package dev.hitless.attach;

/**
 * The cache-tag model's rules, stated once over a {@link TranslationMemory}: what a device translation caches, what a
 * flush removes, what an unmapper does, and when what is left over is STALE or a LEAK. The checker
 * ({@link AttachChecker}), the brute-force cross-check and the jcstress device and unmapper all call these; the
 * contract in words is rule 7 of the {@linkplain dev.hitless.reader reader's contract}.
 *
 * <p>Atomicity: each method is one step of its actor. A real IOMMU makes a walk and its cache fill one step with
 * respect to an invalidation because the invalidation's wait descriptor (CMD_SYNC) waits for walks in flight; a
 * caller on real memory must make each call atomic with respect to the others (the suites take a lock).
 */
public final class CacheTags {
    /** Tag slots ({@link DomainSwitch#slot}). */
    public static final int SLOTS = 3;

    private CacheTags() {
    }

    /** The IOTLB bit of a translation tagged {@code slot} into {@code table}'s page. */
    public static int iotlbBit(int slot, Domain table) {
        return 1 << (2 * slot + table.ordinal());
    }

    /** The IOTLB bits of every translation tagged {@code slot}. */
    public static int iotlbTag(int slot) {
        return 3 << (2 * slot);
    }

    /** The IOTLB bits of every translation into {@code table}'s page. */
    public static int iotlbTable(Domain table) {
        int m = 0;
        for (int s = 0; s < SLOTS; s++) m |= iotlbBit(s, table);
        return m;
    }

    /**
     * The device translates the IOVA through a configuration that carries tag {@code slot} and points at
     * {@code table}'s page table: it walks the table and, when the page is still mapped, caches the translation in the
     * IOTLB under the tag and, with ATS, in the device TLB. Returns whether a translation was made.
     */
    public static boolean translate(TranslationMemory m, int slot, Domain table, boolean ats) {
        if (!m.ptePresent(table)) return false;
        m.setIotlb(m.iotlb() | iotlbBit(slot, table));
        if (ats) m.setDevtlb(m.devtlb() | (1 << table.ordinal()));
        return true;
    }

    /** An IOTLB invalidation of tag {@code slot}, waited for: every translation under the tag goes. */
    public static void flushIotlb(TranslationMemory m, int slot) {
        m.setIotlb(m.iotlb() & ~iotlbTag(slot));
    }

    /** A device-TLB invalidation of this device and PASID, waited for. */
    public static void flushDevtlb(TranslationMemory m) {
        m.setDevtlb(0);
    }

    public static void listAdd(TranslationMemory m, Domain d, int slot) {
        m.setListSlots(d, m.listSlots(d) | (1 << slot));
    }

    public static void listRemove(TranslationMemory m, Domain d, int slot) {
        m.setListSlots(d, m.listSlots(d) & ~(1 << slot));
    }

    /**
     * STALE, judged in every state after an unmap of {@code d} completed: the device translates to {@code d}'s page
     * through a translation that survived: one in the device TLB (ATS requests use it directly), or one in the IOTLB
     * under a tag in {@code usableSlots}, the tags of the configurations the device may fetch now (the IOTLB is looked
     * up by the fetched entry's tag and the IOVA, whichever table the entry points at). An IOTLB entry under a tag no
     * configuration carries any more is not used; if it outlives the replace it is a LEAK.
     */
    public static boolean staleAfterUnmap(TranslationMemory m, Domain d, int usableSlots, boolean ats) {
        int usable = 0;
        for (int s = 0; s < SLOTS; s++) if ((usableSlots & (1 << s)) != 0) usable |= iotlbBit(s, d);
        return (m.iotlb() & usable) != 0 || (ats && (m.devtlb() & (1 << d.ordinal())) != 0);
    }

    /**
     * LEAK, judged when the writer has finished: the domains {@code d} (bit {@code d.ordinal()}) into whose page a
     * translation survives that no later unmap of {@code d} can reach: an IOTLB entry under a tag that is not on
     * {@code d}'s list, or a device-TLB entry while the device is on none of {@code d}'s lists.
     */
    public static int leaks(TranslationMemory m, boolean ats) {
        int out = 0;
        for (Domain d : Domain.values()) {
            int list = m.listSlots(d);
            for (int s = 0; s < SLOTS; s++) {
                if ((m.iotlb() & iotlbBit(s, d)) != 0 && (list & (1 << s)) == 0) out |= 1 << d.ordinal();
            }
            if (ats && (m.devtlb() & (1 << d.ordinal())) != 0 && list == 0) out |= 1 << d.ordinal();
        }
        return out;
    }
}
