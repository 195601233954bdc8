package dev.hitless.reader;

import dev.hitless.entry.Entry;

/**
 * A compact, readable key for one observation, shared by the checker and the jcstress reader so their outcome sets
 * can be compared: the judgement, then one letter per chunk of the reader model saying where that chunk came from.
 *
 * <p>Letters: {@code o} the chunk equals the old entry's chunk, {@code n} the new entry's, {@code =} both (old and
 * new agree there), {@code x} neither (an intermediate value written mid-plan). Example: {@code TORN nnoo}.
 */
public final class Observation {
    private Observation() {
    }

    public static String key(Seen seen, Entry old, Entry target, Entry observed, int chunkBits) {
        return seen.name() + " " + chunks(old, target, observed, chunkBits);
    }

    /** The per-chunk letters alone. */
    public static String chunks(Entry old, Entry target, Entry observed, int chunkBits) {
        int per = chunkBits / 64;
        StringBuilder sb = new StringBuilder(Entry.QWORDS / per);
        for (int c = 0; c < Entry.QWORDS / per; c++) {
            boolean isOld = true;
            boolean isNew = true;
            for (int k = 0; k < per; k++) {
                int q = c * per + k;
                isOld &= observed.qword(q) == old.qword(q);
                isNew &= observed.qword(q) == target.qword(q);
            }
            sb.append(isOld && isNew ? '=' : isOld ? 'o' : isNew ? 'n' : 'x');
        }
        return sb.toString();
    }
}
