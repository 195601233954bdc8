package dev.hitless.reader;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Field;

import java.util.List;

/**
 * The tables a driver initialises before it updates an entry from {@code current} to {@code target} (issue 10,
 * "referenced memory"), and which of them a fetched entry makes the hardware walk.
 *
 * <p>A table is initialised for each {@linkplain EntryFormat#pointerFields() pointer field} whose value in the target
 * differs from the current one and which the target {@linkplain EntryFormat#usedBits uses}: the target points at a
 * table nobody wrote before this update. {@link #of(Oracle)} is the one statement of which; the checker and the
 * stress suites both take it. The driver writes the tables in program order
 * before the plan's first step, so the initialisation belongs to the plan's first segment of stores (see
 * {@link Visibility}). Table {@code t} is {@code fields().get(t)}.
 *
 * <p>A fetched entry walks table {@code t} when the {@link Oracle} judges it NEW and it uses field {@code t} holding
 * the target's value ({@link #walkedBy}). If that table's initialisation is not yet visible to the device, the
 * observation is {@link Seen#UNINIT} instead of NEW. Immutable.
 */
public final class TableInit {
    private final Oracle oracle;
    private final List<Field> fields;

    private TableInit(Oracle oracle, List<Field> fields) {
        this.oracle = oracle;
        this.fields = List.copyOf(fields);
    }

    /**
     * The tables the driver initialises for the oracle's transition: every pointer field the target uses whose value
     * changes.
     */
    public static TableInit of(Oracle oracle) {
        EntryFormat f = oracle.format();
        Entry used = f.usedBits(oracle.target());
        List<Field> out = new java.util.ArrayList<>();
        for (Field p : f.pointerFields()) {
            if (p.get(oracle.old()) != p.get(oracle.target()) && p.intersects(used)) out.add(p);
        }
        return new TableInit(oracle, out);
    }

    /**
     * The tables behind {@code fields} for the oracle's transition, a subset of {@link #of(Oracle)}'s.
     *
     * @throws IllegalArgumentException when a field is not a pointer field of the format or the target does not
     *         point at a new table through it
     */
    public static TableInit of(Oracle oracle, List<Field> fields) {
        EntryFormat f = oracle.format();
        for (Field p : fields) {
            if (!f.pointerFields().contains(p) || p.get(oracle.old()) == p.get(oracle.target())) {
                throw new IllegalArgumentException(p.name() + " is no new table pointer of " + f.name() + " for this transition");
            }
        }
        return new TableInit(oracle, fields);
    }

    /** The pointer fields whose tables are initialised, table {@code t} first at index {@code t}. */
    public List<Field> fields() {
        return fields;
    }

    /** Number of tables initialised: 0 when the target points at no new table. */
    public int count() {
        return fields.size();
    }

    /**
     * The tables the hardware walks after fetching {@code observed}, bit {@code t} for table {@code t}: those whose
     * field {@code observed} uses and holds with the target's value, when the oracle judges it NEW; else 0.
     */
    public int walkedBy(Entry observed) {
        if (fields.isEmpty()) return 0;
        int mask = 0;
        for (int t = 0; t < fields.size(); t++) {
            Field p = fields.get(t);
            if (p.get(observed) == p.get(oracle.target())) mask |= 1 << t;
        }
        if (mask == 0 || oracle.judge(observed) != Seen.NEW) return 0;
        Entry used = oracle.format().usedBits(observed);
        for (int t = 0; t < fields.size(); t++) {
            if (!fields.get(t).intersects(used)) mask &= ~(1 << t);
        }
        return mask;
    }
}
