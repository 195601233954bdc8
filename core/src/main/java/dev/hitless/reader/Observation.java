package dev.hitless.reader;

import dev.hitless.entry.Entry;

import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What one fetch saw, in the words both the checker and the jcstress reader use, so their outcome sets can be
 * compared: the {@link Oracle}'s judgement, then one letter per chunk of the reader model saying where that chunk came
 * from.
 *
 * <p>Letters: {@code o} the chunk equals the old entry's chunk, {@code n} the new entry's, {@code =} both (old and
 * new agree there), {@code x} neither (an intermediate value written mid-plan).
 *
 * <p>The {@linkplain #key() key} is the text form, {@code "TORN nnoo"}: the judgement, one space, the letters. It is
 * the jcstress outcome id, so it holds only letters, a space and {@code =} (a regular expression that matches itself);
 * {@link #parse} reads it back. {@link #ORDER} sorts by key, the order in which outcome tables and reports list them.
 *
 * @param seen the judgement of the fetched entry
 * @param chunks one letter per chunk, chunk 0 first
 */
public record Observation(Seen seen, String chunks) {

    /** By key, as outcome tables list them. */
    public static final Comparator<Observation> ORDER = Comparator.comparing(Observation::key);

    public Observation {
        if (seen == null) throw new IllegalArgumentException("an observation needs a judgement");
        if (chunks.isEmpty()) throw new IllegalArgumentException("an observation needs at least one chunk letter");
        for (int i = 0; i < chunks.length(); i++) {
            if ("on=x".indexOf(chunks.charAt(i)) < 0) {
                throw new IllegalArgumentException("chunk letter '" + chunks.charAt(i) + "' in '" + chunks
                        + "': expected o (old), n (new), = (both) or x (neither)");
            }
        }
    }

    /**
     * The observation of {@code observed}, judged {@code seen}, for the transition {@code old -> target}: one letter
     * per {@code chunkBits} chunk of the entry (at most as wide as the entry).
     */
    public static Observation of(Seen seen, Entry old, Entry target, Entry observed, int chunkBits) {
        int per = chunkBits / 64;
        int chunks = observed.qwords() / per;
        StringBuilder sb = new StringBuilder(chunks);
        for (int c = 0; c < chunks; c++) {
            boolean isOld = true;
            boolean isNew = true;
            for (int k = 0; k < per; k++) {
                int q = c * per + k;
                isOld &= observed.qword(q) == old.qword(q);
                isNew &= observed.qword(q) == target.qword(q);
            }
            sb.append(isOld && isNew ? '=' : isOld ? 'o' : isNew ? 'n' : 'x');
        }
        return new Observation(seen, sb.toString());
    }

    /**
     * The observation a {@linkplain #key() key} names.
     *
     * @throws IllegalArgumentException when {@code key} is not a judgement, one space and chunk letters
     */
    public static Observation parse(String key) {
        int space = key.indexOf(' ');
        try {
            if (space < 0) throw new IllegalArgumentException("expected a judgement, a space and chunk letters");
            String judgement = key.substring(0, space);
            Seen seen = Stream.of(Seen.values()).filter(s -> s.name().equals(judgement)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown judgement '" + judgement + "'"));
            return new Observation(seen, key.substring(space + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("observation '" + key + "': " + e.getMessage(), e);
        }
    }

    /** The text form, e.g. {@code "TORN nnoo"}: the jcstress outcome id. */
    public String key() {
        return seen.name() + " " + chunks;
    }

    /** The letter of chunk {@code c}. */
    public char chunk(int c) {
        return chunks.charAt(c);
    }

    /** True for OLD and NEW: the hardware used an entry somebody wrote. */
    public boolean isOldOrNew() {
        return seen == Seen.OLD || seen == Seen.NEW;
    }

    @Override
    public String toString() {
        return key();
    }
}
