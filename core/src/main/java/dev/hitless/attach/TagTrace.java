package dev.hitless.attach;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * A cache-tag counterexample for a kernel developer: the shortest run that reaches an outcome, one move per row, in
 * three lanes (writer | unmapper | device), tags decoded ({@code DID 6 (new)}), then one line saying what is left and
 * why it is wrong.
 */
public final class TagTrace {
    static final int LANE = 46;

    private TagTrace() {
    }

    /** The rows of the shortest run to {@code o}, or nothing when {@code r} never reaches it. */
    public static List<String> render(AttachResult r, TagOutcome o) {
        List<TagExplorer.Move> run = r.exploration().shortest().get(o);
        if (run == null) return List.of();
        List<String> out = new ArrayList<>();
        out.add(String.format("  %3s  %-" + LANE + "s | %-" + LANE + "s | %s", "#", "writer", "unmapper", "device"));
        int i = 1;
        for (TagExplorer.Move m : run) {
            String text = describe(r, m);
            List<String> wrapped = wrap(text, LANE);
            for (int k = 0; k < wrapped.size(); k++) {
                String w = wrapped.get(k);
                String[] lanes = {"", "", ""};
                lanes[m.actor().ordinal()] = w;
                String num = k == 0 ? Integer.toString(i) : "";
                out.add(String.format("  %3s  %-" + LANE + "s | %-" + LANE + "s | %s", num, lanes[0], lanes[1], lanes[2]).stripTrailing());
            }
            i++;
        }
        out.add("  => " + conclusion(r, o, run.isEmpty() ? PackedMemory.initial() : run.getLast().after()));
        return out;
    }

    /** How many moves the shortest run to {@code o} takes (0 when unreached). */
    public static int length(AttachResult r, TagOutcome o) {
        List<TagExplorer.Move> run = r.exploration().shortest().get(o);
        return run == null ? 0 : run.size();
    }

    private static String describe(AttachResult r, TagExplorer.Move m) {
        DomainSwitch ds = r.domains();
        return switch (m.actor()) {
            case WRITER -> {
                TagProgram.Event e = r.program().events().get(m.arg());
                yield switch (e.kind()) {
                    case LIST_ADD -> "list add: " + slot(ds, e.slot()) + " joins the " + e.domain().label() + " domain's list";
                    case LIST_REMOVE -> "list remove: " + slot(ds, e.slot()) + " leaves the " + e.domain().label() + " domain's list";
                    case FLUSH_IOTLB -> "flush the IOTLB of " + slot(ds, e.slot()) + ", wait";
                    case FLUSH_DEVTLB -> "flush the device TLB, wait";
                    case SWITCH_BEGIN -> {
                        AttachResult.SwitchRun s = r.switches().get(e.index());
                        yield "switch to " + config(ds, s.step().tag(), s.step().table()) + ": " + s.plan().ordering() + " starts ("
                                + s.plan().storeCount() + " stores, " + s.result().entrySyncs() + " entry syncs); from its first store"
                                + " the device may use the new configuration";
                    }
                    case SWITCH_END -> {
                        AttachResult.SwitchRun s = r.switches().get(e.index());
                        yield s.result().settled() && s.result().reachesTarget()
                                ? "last entry sync of the switch: the device now uses only " + config(ds, s.step().tag(), s.step().table())
                                : "the switch ends without a final entry sync: the device may keep using the previous configuration";
                    }
                };
            }
            case UNMAPPER -> switch (m.unmap()) {
                case CLEAR_PTE -> "unmap the " + Domain.values()[m.arg()].label() + " domain's page: clear its PTE";
                case READ_LIST -> "read the list: " + (m.arg() == 0 ? "empty (the device is not on it)" : slots(ds, m.arg()));
                case INVALIDATE_IOTLB -> "invalidate the IOTLB of " + slot(ds, m.arg()) + ", wait";
                case INVALIDATE_DEVTLB -> "invalidate the device TLB, wait";
                case COMPLETE -> "unmap complete: the page may be freed";
            };
            case DEVICE -> {
                int slot = m.arg() / 2;
                Domain table = Domain.values()[m.arg() % 2];
                yield "fetch the entry (" + slot(ds, slot) + ", " + table.label() + " table), walk: IOTLB[" + shortSlot(ds, slot) + "] -> "
                        + table.label() + " page" + (r.ats() ? ", device TLB -> " + table.label() + " page" : "");
            }
        };
    }

    private static String conclusion(AttachResult r, TagOutcome o, long memory) {
        PackedMemory m = new PackedMemory(memory);
        Domain d = o.domain();
        List<String> held = new ArrayList<>();
        for (int s = 0; s < CacheTags.SLOTS; s++) {
            if ((m.iotlb() & CacheTags.iotlbBit(s, d)) != 0) held.add("IOTLB[" + shortSlot(r.domains(), s) + "] -> " + d.label() + " page");
        }
        if (r.ats() && (m.devtlb() & (1 << d.ordinal())) != 0) held.add("device TLB -> " + d.label() + " page");
        String what = held.isEmpty() ? "a translation" : String.join(" and ", held);
        String survive = held.size() > 1 ? "survive" : "survives";
        return switch (o.kind()) {
            case STALE -> "STALE: the unmap of the " + d.label() + " domain's page has completed, yet " + what
                    + " " + survive + " and the device can still use it: DMA reaches a freed page.";
            case LEAK -> "LEAK: the replace is over, yet " + what + " " + survive + " and the " + d.label() + " domain's list ("
                    + (m.listSlots(d) == 0 ? "empty" : slots(r.domains(), m.listSlots(d))) + ") cannot reach it:"
                    + " a later unmap of the " + d.label() + " domain leaves it in place, and the tag may be reused.";
        };
    }

    private static TagId tagOfSlot(int slot) {
        return slot == 2 ? TagId.TEMP : slot == 1 ? TagId.NEW : TagId.OLD;
    }

    /** {@code DID 5 (old)}, or for a shared tag {@code DID 5 (old = new)}. */
    static String slot(DomainSwitch ds, int slot) {
        String d = ds.describe(tagOfSlot(slot));
        return slot == 0 && ds.sharesTag() ? d.replace("(old)", "(old = new)") : d;
    }

    private static String shortSlot(DomainSwitch ds, int slot) {
        TagId t = tagOfSlot(slot);
        return ds.tagValue(t).map(ds::tagText).orElse(t.label() + " tag");
    }

    private static String slots(DomainSwitch ds, int bits) {
        StringJoiner j = new StringJoiner(", ", "{", "}");
        for (int s = 0; s < CacheTags.SLOTS; s++) if ((bits & (1 << s)) != 0) j.add(slot(ds, s));
        return j.toString();
    }

    private static String config(DomainSwitch ds, TagId t, Domain table) {
        return ds.describe(t) + ", " + table.label() + " table";
    }

    private static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String w : text.split(" ")) {
            if (!line.isEmpty() && line.length() + 1 + w.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) line.append(' ');
            line.append(w);
        }
        if (!line.isEmpty()) out.add(line.toString());
        return out;
    }
}
