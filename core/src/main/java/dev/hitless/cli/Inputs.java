package dev.hitless.cli;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.reader.ReaderModel;

import java.util.List;

/** Turns command-line text into domain values; every failure is a {@link BadInput} with one line. */
final class Inputs {
    private Inputs() {
    }

    static EntryFormat format(String name) {
        try {
            return Formats.byName(name);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
    }

    static List<EntryFormat> formats(String nameOrAll) {
        return nameOrAll == null || nameOrAll.equalsIgnoreCase("all") ? Formats.all() : List.of(format(nameOrAll));
    }

    static Entry config(EntryFormat f, String option, String spec) {
        try {
            return f.parseConfig(spec);
        } catch (IllegalArgumentException e) {
            throw new BadInput(option + ": " + e.getMessage());
        }
    }

    static Ordering ordering(String nameOrPath) {
        try {
            return Orderings.resolve(nameOrPath);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
    }

    static ReaderModel preset(String name, EntryFormat f) {
        try {
            return ReaderModel.preset(name, f);
        } catch (IllegalArgumentException e) {
            throw new BadInput(e.getMessage());
        }
    }

    static ReaderModel model(int chunkBits, ReaderModel.ChunkOrder order, ReaderModel.Cache cache) {
        try {
            return new ReaderModel(chunkBits, order, cache);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--chunk: " + e.getMessage());
        }
    }
}
