package dev.hitless.reader;

/** What the hardware made of one fetched entry, judged against the old and the new configuration. */
public enum Seen {
    /** Equal to the old entry on the observed entry's used bits (minus update-safe bits). */
    OLD,
    /** Equal to the new entry on the observed entry's used bits (minus update-safe bits). */
    NEW,
    /** Neither, but not present (P = 0 / V = 0): DMA through it faults or is blocked. Safe, but breaking. */
    BLOCKED,
    /**
     * Equal to the new entry, but it points at a table (a {@linkplain dev.hitless.format.EntryFormat#pointerFields()
     * pointer field} the entry uses, with the new value) whose initialisation the device could not yet see: the
     * device walks uninitialised memory. Worse than BLOCKED.
     */
    UNINIT,
    /**
     * Neither, and the entry lets the device's DMA through untranslated ({@link
     * dev.hitless.format.Passage#UNTRANSLATED}, AMD-Vi V=0): the request reaches physical memory unchecked. Worse than
     * BLOCKED and than UNINIT; no requirement accepts it.
     */
    UNTRANSLATED,
    /** Neither, and present: the hardware would act on a configuration nobody wrote. */
    TORN
}
