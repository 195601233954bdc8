package dev.hitless.cwriter;

import dev.hitless.plan.BarrierKind;
import dev.hitless.plan.Step;
import dev.hitless.plan.SyncKind;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the trace the harness ({@code c/hitless_harness.c}) sends on file descriptor 3: records, each a 4-byte
 * little-endian body length and the body, one type byte then its fields (little-endian; c/README.md, "The trace"):
 * <pre>
 *   1 BEGIN     u32 index                the transition's index, 0, 1, ... in input order
 *   2 END       u32 index
 *   3 STORE64   u8 qword, u64 value      a WRITE_ONCE of a qword of the live entry
 *   4 PLAIN64   u8 qword, u64 value      a change made without WRITE_ONCE, found by comparison (a plain step)
 *   5 STORE128  u8 chunk, u64 low, u64 high   a successful cmpxchg128 of qwords 2C (low) and 2C+1 (high)
 *   6 BARRIER   bytes                    the macro's name: dma_wmb, wmb, smp_wmb, mb, smp_mb
 *   7 SYNC      bytes                    hitless_sync(KINDS): SyncKind labels or aliases joined by '+'
 *   8 WARN      u32 line, bytes file     a WARN_ON that fired
 *   9 FAIL      u8 what, u64 number, u64 address   what the harness saw go wrong (then it exits)
 *  10 EXIT      i32 status               exit(status) was called (main's return included); the last record
 * </pre>
 * The trace is input like any other: the writer runs in the harness's process and can write to that descriptor
 * (though nothing it prints reaches it). So every record is validated as it arrives, in this order: its length
 * (at most {@value #MAX_BODY} bytes, exactly what its type needs), its type, its place (BEGIN of the next transition
 * only between transitions, events and END only inside one), its fields (qword and chunk in range, a barrier and
 * sync kinds the plans know), at most {@value #MAX_EVENTS} events per transition and 64 MiB in all. The first violation is a
 * {@link Malformed} (a record the harness does not write) or a {@link WriterError} (a record it writes for a writer
 * that did something the plans cannot express); nothing in a trace can make this class throw anything else, and
 * {@link CWriter} turns both into a {@link CWriterException} naming the file and the transition.
 *
 * <p>Invariant: {@link #recordings()} holds exactly the transitions whose END has been read, in order.
 */
final class Trace {
    static final int BEGIN = 1, END = 2, STORE64 = 3, PLAIN64 = 4, STORE128 = 5, BARRIER = 6, SYNC = 7, WARN = 8, FAIL = 9, EXIT = 10;
    /** The harness cuts text at 1024 bytes: the longest body is WARN's (type, line, text). */
    static final int MAX_BODY = 1 + 4 + 1024;
    /** Events (stores, barriers, syncs, warnings) one transition may record; far above any real writer's. */
    static final int MAX_EVENTS = 10_000;
    /** The whole trace's size: bounds what is read and kept, whatever the number of transitions. */
    static final long MAX_BYTES = 64L << 20;
    /** FAIL's {@code what}: a write outside the entry, a signal, an input line the harness could not read. */
    static final int FAIL_OUTSIDE = 1, FAIL_SIGNAL = 2, FAIL_BAD_INPUT = 3;

    /** Where the trace stands. */
    enum Phase { STARTING, INSIDE, BETWEEN, DONE }

    /** A FAIL record: what the harness saw go wrong, on transition {@code transition} (-1: outside any). */
    record Failure(int what, long number, long address, int transition) {
    }

    private final List<Transition> transitions;
    private final int qwords;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long offset; // bytes of the trace decoded so far
    private final List<Recording> done = new ArrayList<>();
    private int current = -1; // the transition inside which we are, -1 between
    private List<Step> steps = new ArrayList<>();
    private List<String> warnings = new ArrayList<>();
    private int events;
    private Failure failure;
    private Integer exitStatus;

    /**
     * @param transitions what the harness was given, in order
     * @param qwords the entry's width in qwords: the qword indices a store may name are 0 to qwords - 1
     */
    /** The entry's width in qwords. */
    int qwords() {
        return qwords;
    }

    Trace(List<Transition> transitions, int qwords) {
        this.transitions = List.copyOf(transitions);
        this.qwords = qwords;
    }

    Phase phase() {
        if (current >= 0) return Phase.INSIDE;
        if (done.size() == transitions.size()) return Phase.DONE;
        return done.isEmpty() ? Phase.STARTING : Phase.BETWEEN;
    }

    /** The transition the trace is inside, or (between transitions) the next one; -1 when all are done. */
    int transitionIndex() {
        return current >= 0 ? current : done.size() < transitions.size() ? done.size() : -1;
    }

    /** How many bytes have been fed. */
    long bytes() {
        return offset + pending.size();
    }

    List<Recording> recordings() {
        return List.copyOf(done);
    }

    Optional<Failure> failure() {
        return Optional.ofNullable(failure);
    }

    /** The status exit() was called with, when the EXIT record came (not after {@code _exit} or a signal). */
    Optional<Integer> exitStatus() {
        return Optional.ofNullable(exitStatus);
    }

    /** True when every transition's END has been read and nothing went wrong. */
    boolean complete() {
        return failure == null && done.size() == transitions.size() && current < 0;
    }

    /** Decodes every whole record in {@code bytes} (with what an earlier call left over). */
    void feed(byte[] bytes, int length) {
        if (bytes() + length > MAX_BYTES) throw writerError("recorded a trace of more than " + (MAX_BYTES >> 20) + " MiB (a loop?)");
        pending.write(bytes, 0, length);
        byte[] all = pending.toByteArray();
        int at = 0;
        while (all.length - at >= 4) {
            long body = u32(all, at);
            if (body < 1 || body > MAX_BODY) throw malformed(offset + at, "a record of " + body + " bytes (at most " + MAX_BODY + ")");
            if (all.length - at - 4 < body) break;
            record(all, at + 4, (int) body, offset + at);
            at += 4 + (int) body;
        }
        pending.reset();
        pending.write(all, at, all.length - at);
        offset += at;
    }

    /** At the end of the trace: a record cut short is malformed. */
    void finish() {
        if (pending.size() > 0) throw malformed(offset, "a record cut short (" + pending.size() + " bytes)");
    }

    private void record(byte[] b, int at, int length, long where) {
        int type = b[at] & 0xff;
        int fields = length - 1;
        if (failure != null) throw malformed(where, "a record after the harness reported a failure");
        if (exitStatus != null) throw malformed(where, "a record after EXIT");
        switch (type) {
            case BEGIN, END -> {
                size(type, fields, 4, where);
                long index = u32(b, at + 1);
                if (type == BEGIN) {
                    if (current >= 0) throw malformed(where, "BEGIN " + index + " inside transition " + current);
                    if (index != done.size() || done.size() >= transitions.size()) {
                        throw malformed(where, "BEGIN " + index + " where BEGIN " + done.size() + (done.size() >= transitions.size()
                                ? " (there are only " + transitions.size() + " transitions)" : "") + " was due");
                    }
                    current = (int) index;
                    steps = new ArrayList<>();
                    warnings = new ArrayList<>();
                    events = 0;
                } else {
                    if (current < 0 || index != current) throw malformed(where, "END " + index + (current < 0 ? " outside a transition" : " inside transition " + current));
                    done.add(new Recording(transitions.get(current), steps, warnings));
                    current = -1;
                }
            }
            case STORE64, PLAIN64 -> {
                size(type, fields, 9, where);
                int q = b[at + 1] & 0xff;
                if (q >= qwords) throw malformed(where, "a store to qword " + q + " (the entry has qwords 0.." + (qwords - 1) + ")");
                event(where, new Step.Store64(q, u64(b, at + 2), type == PLAIN64));
            }
            case STORE128 -> {
                size(type, fields, 17, where);
                int c = b[at + 1] & 0xff;
                if (c >= qwords / 2) throw malformed(where, "a 128-bit store to chunk " + c + " (the entry has chunks 0.." + (qwords / 2 - 1) + ")");
                event(where, new Step.Store128(c, u64(b, at + 2), u64(b, at + 10)));
            }
            case BARRIER -> {
                String kind = text(b, at + 1, fields);
                Step s = barrierOrNull(kind);
                if (s == null) {
                    throw writerError("recorded a barrier \"" + UntrustedText.oneLine(kind) + "\" (hitless__barrier called with a"
                            + " name of its own?); expected one of dma_wmb, wmb, smp_wmb, mb, smp_mb");
                }
                event(where, s);
            }
            case SYNC -> {
                String kinds = text(b, at + 1, fields);
                event(where, sync(kinds).orElseThrow(() -> writerError("called hitless_sync(\"" + UntrustedText.oneLine(kinds)
                        + "\"); expected sync kinds joined by '+' among " + String.join(", ", EnumSet.allOf(SyncKind.class)
                        .stream().map(SyncKind::label).toList()) + " (e.g. \"entry+iotlb\")")));
            }
            case WARN -> {
                if (fields < 4) throw malformed(where, "a WARN record of " + fields + " bytes of fields (at least 4)");
                long line = u32(b, at + 1);
                String file = text(b, at + 5, fields - 4);
                if (current < 0) throw malformed(where, "WARN outside a transition");
                if (++events > MAX_EVENTS) throw tooMany();
                warnings.add(UntrustedText.oneLine(file) + ":" + line);
            }
            case FAIL -> {
                size(type, fields, 17, where);
                int what = b[at + 1] & 0xff;
                if (what < FAIL_OUTSIDE || what > FAIL_BAD_INPUT) throw malformed(where, "a FAIL record of unknown kind " + what);
                failure = new Failure(what, u64(b, at + 2), u64(b, at + 10), current);
            }
            case EXIT -> {
                size(type, fields, 4, where);
                exitStatus = (int) u32(b, at + 1);
            }
            default -> throw malformed(where, "a record of unknown type " + type);
        }
    }

    private void event(long where, Step s) {
        if (current < 0) throw malformed(where, "an event outside a transition");
        if (++events > MAX_EVENTS) throw tooMany();
        steps.add(s);
    }

    private WriterError tooMany() {
        return writerError("recorded more than " + MAX_EVENTS + " stores, barriers, syncs and warnings (a loop?)");
    }

    private static void size(int type, int fields, int expected, long where) {
        if (fields != expected) {
            throw new Malformed(where, "a record of type " + type + " with " + fields + " bytes of fields (it has " + expected + ")");
        }
    }

    /** A trace record the harness does not write: the writer wrote to descriptor 3 itself, or the trace is broken. */
    static final class Malformed extends RuntimeException {
        final long offset;
        final String what;

        Malformed(long offset, String what) {
            super("malformed trace at byte " + offset + ": " + what, null, false, false);
            this.offset = offset;
            this.what = what;
        }
    }

    private static Malformed malformed(long where, String what) {
        return new Malformed(where, what);
    }

    /** An error of the writer's, raised while inside a transition: the caller adds the file and the transition. */
    static final class WriterError extends RuntimeException {
        final String what;

        WriterError(String what) {
            super(what, null, false, false);
            this.what = what;
        }
    }

    private static WriterError writerError(String what) {
        return new WriterError(what);
    }

    private static String text(byte[] b, int at, int length) {
        return UntrustedText.decode(java.util.Arrays.copyOfRange(b, at, at + length), length);
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    private static long u64(byte[] b, int at) {
        return u32(b, at) | u32(b, at + 4) << 32;
    }

    /**
     * The step a recorded barrier becomes; the one place that maps the kernel's barrier macros to
     * {@link BarrierKind}s. {@code dma_wmb}, {@code wmb} and {@code mb} order stores for every observer, devices
     * included ({@code dmb oshst}, {@code dsb st}, {@code dsb sy} on ARM): {@link BarrierKind#DMA_WMB}.
     * {@code smp_wmb} and {@code smp_mb} order them only among the CPUs of the inner shareable domain ({@code dmb
     * ishst}, {@code dmb ish}), not for a device reading the entry: {@link BarrierKind#SMP_WMB}, which is no ordering
     * point under barrier-ordered visibility. ({@code smp_mb} also orders loads; only its store ordering matters to
     * a device reading what the CPU writes.)
     */
    static Step barrier(String kind) {
        Step s = barrierOrNull(kind);
        if (s == null) throw new IllegalArgumentException("unknown barrier kind '" + kind + "'");
        return s;
    }

    private static Step barrierOrNull(String kind) {
        return switch (kind) {
            case "dma_wmb", "wmb", "mb" -> new Step.Barrier(BarrierKind.DMA_WMB);
            case "smp_wmb", "smp_mb" -> new Step.Barrier(BarrierKind.SMP_WMB);
            default -> null;
        };
    }

    /** The sync kinds named by {@code hitless_sync(kinds)}, or empty when a name is unknown or none is given. */
    static Optional<Step.Sync> sync(String kinds) {
        Set<SyncKind> set = EnumSet.noneOf(SyncKind.class);
        for (String k : kinds.split("\\+", -1)) {
            Optional<SyncKind> s = SyncKind.byName(k.strip());
            if (s.isEmpty()) return Optional.empty();
            set.add(s.get());
        }
        return Optional.of(new Step.Sync(set));
    }
}
