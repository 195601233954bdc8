package dev.hitless.format;

/**
 * What an entry lets a device's DMA do when the hardware does not act on it as a translating configuration: the
 * format's statement, beside its used bits ({@link EntryFormat#passage}). The oracle reads it for an observation that
 * is neither the old nor the new configuration.
 */
public enum Passage {
    /** The hardware translates through the entry: a mix of old and new here is a torn configuration. */
    TRANSLATED,
    /** Requests through the entry fault or are aborted: safe, but the device's DMA stops (VT-d P=0, SMMUv3 V=0). */
    BLOCKED,
    /**
     * Requests pass untranslated and reach physical memory unchecked (AMD-Vi DTE with V=0): the device is outside
     * every protection domain while the hardware sees this entry.
     */
    UNTRANSLATED
}
