package dev.hitless.synth;

/**
 * What one synthesis cost: the search's state counts and its time.
 *
 * @param spaceEntries entries in the space ({@link Space}): every combination of the per-qword values
 * @param syncPoints sync-point entries explored (reached at an entry sync and expanded)
 * @param windows windows judged (one per store added to a window in the enumeration)
 * @param judgements entries judged by the oracle (each at most once per synthesis)
 * @param nanos wall time of the search, without the re-verification
 */
public record Stats(int spaceEntries, int syncPoints, long windows, int judgements, long nanos) {
    public static final Stats NONE = new Stats(0, 0, 0, 0, 0);

    /** The sum of two syntheses' figures. */
    public Stats plus(Stats o) {
        return new Stats(spaceEntries + o.spaceEntries, syncPoints + o.syncPoints, windows + o.windows,
                judgements + o.judgements, nanos + o.nanos);
    }

    /** {@code 27 entries in the space, 1 sync-point entry explored, 4 windows and 9 entries judged, 0.3 ms}. */
    public String line() {
        return spaceEntries + " entr" + (spaceEntries == 1 ? "y" : "ies") + " in the space, " + syncPoints + " sync-point entr"
                + (syncPoints == 1 ? "y" : "ies") + " explored, " + windows + " window" + (windows == 1 ? "" : "s") + " and "
                + judgements + " entr" + (judgements == 1 ? "y" : "ies") + " judged, "
                + String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
