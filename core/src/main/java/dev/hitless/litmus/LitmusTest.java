package dev.hitless.litmus;

import dev.hitless.entry.Entry;
import dev.hitless.format.Field;
import dev.hitless.reader.TableInit;

import java.util.Map;
import java.util.Set;

/**
 * One herd7 litmus test: one window of a plan (the steps between two entry syncs) racing one fetch, with what it
 * takes to read herd7's final states back as {@link Outcome}s.
 *
 * <p>Locations hold small value numbers, not the qwords themselves (herd7 prints final register values in 32 bits):
 * {@code legend[q][i]} is the qword that number {@code i} stands for in location {@code q<q>}, number 0 being its
 * value when the window starts.
 *
 * @param name      the test's herd7 name (also its file name, with {@code .litmus})
 * @param arch      {@code AArch64} or {@code X86_64}
 * @param window    the plan window it states, 0 before the first entry sync
 * @param header    the first line, the doc string and the comment that explains the test to a reviewer
 * @param body      initial state, threads, {@code locations} and condition: what herd7 computes with (two tests with
 *                  equal arch and body have equal final states, whatever their names)
 * @param legend    per qword, the value each number stands for
 * @param loadRegs  per qword, the register ({@code 1:X10}, {@code 3:r8}) its load ends in; null for a qword the
 *                  window does not write (not loaded: every fetch reads its start value, {@code legend[q][0]})
 * @param tableRegs per qword, the register of the table load that follows its load where the device walks a table
 *                  through it (every qword's entry is the same register for a one-thread device); null entries where
 *                  none, all null when the window initialises no table
 * @param expected  the fetches the checker allows for the same window of the {@linkplain Expressible twin} plan
 */
public record LitmusTest(String name, String arch, int window, String header, String body, long[][] legend,
                         String[] loadRegs, String[] tableRegs, Set<Outcome> expected) {

    /** The whole test, as written to its file. */
    public String text() {
        return header + body;
    }

    /** The file name: {@code name.litmus}. */
    public String fileName() {
        return name + ".litmus";
    }

    /**
     * The fetch one herd7 final state stands for.
     *
     * @param state register name ({@code 1:X10}) to value, as herd7 printed it
     * @throws IllegalArgumentException when the state lacks a register of this test or holds a number no legend has
     */
    public Outcome outcome(Map<String, Long> state, TableInit tables) {
        long[] q = new long[legend.length];
        for (int i = 0; i < q.length; i++) {
            if (loadRegs[i] == null) {
                q[i] = legend[i][0]; // not written in the window: not loaded
                continue;
            }
            Long id = state.get(loadRegs[i]);
            if (id == null) throw new IllegalArgumentException(name + ": herd7 state " + state + " has no " + loadRegs[i]);
            if (id < 0 || id >= legend[i].length) {
                throw new IllegalArgumentException(name + ": herd7 state " + state + " gives " + loadRegs[i] + " = " + id
                        + ", which no store of the window wrote");
            }
            q[i] = legend[i][(int) (long) id];
        }
        Entry e = Entry.of(q);
        int walked = tables.walkedBy(e);
        if (walked == 0) return new Outcome(e, Outcome.Tables.NOT_WALKED);
        boolean seen = true;
        for (int t = 0; t < tables.count(); t++) {
            if ((walked >>> t & 1) == 0) continue;
            Field f = tables.fields().get(t);
            String reg = tableRegs[f.qword()];
            if (reg == null) continue; // the tables were initialised in an earlier window
            Long v = state.get(reg);
            if (v == null) throw new IllegalArgumentException(name + ": herd7 state " + state + " has no " + reg);
            seen &= v == 1;
        }
        return new Outcome(e, seen ? Outcome.Tables.SEEN : Outcome.Tables.UNSEEN);
    }
}
