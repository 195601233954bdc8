package dev.hitless.cli;

import dev.hitless.entry.Entry;
import dev.hitless.format.EntryFormat;
import dev.hitless.format.Formats;
import dev.hitless.ordering.Orderings;
import dev.hitless.plan.Ordering;
import dev.hitless.planlang.PlanFile;
import dev.hitless.planlang.PlanFileException;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
        return nameOrAll == null || nameOrAll.equals("all") ? Formats.all() : List.of(format(nameOrAll));
    }

    static Entry config(EntryFormat f, String option, String spec) {
        try {
            return f.parseConfig(spec);
        } catch (IllegalArgumentException e) {
            String why = dev.hitless.format.ConfigSyntax.writtenForAnother(f, spec, Formats.all())
                    .map(IllegalArgumentException::getMessage).orElse(e.getMessage());
            throw new BadInput(option + ": " + why);
        }
    }

    /**
     * What {@code --ordering} names: a built-in or service-loaded ordering by name, else an existing file read as a
     * plan file ({@link PlanFile}). A name that is neither, or a malformed plan file (its message names file, line
     * and column), is a {@link BadInput}.
     */
    static Ordering ordering(String nameOrPath) {
        try {
            boolean named = Orderings.all().stream().anyMatch(o -> o.name().equals(nameOrPath));
            Path file = Path.of(nameOrPath);
            // an existing name that is no regular file (a FIFO, a device, a folder) is refused by the loader, unopened
            return !named && !nameOrPath.isBlank() && Files.exists(file) ? PlanFile.load(file) : Orderings.byName(nameOrPath);
        } catch (PlanFileException | InvalidPathException e) {
            throw new BadInput(e.getMessage());
        } catch (IllegalArgumentException e) { // from byName: neither a name nor a file; its message lists the names
            throw new BadInput(e.getMessage() + " or a plan file");
        }
    }

    /**
     * {@link #ordering(String)} for a command on entries of {@code f}: an ordering that does not
     * {@linkplain Ordering#appliesTo apply to} {@code f} is a {@link BadInput} saying which formats it applies to.
     */
    static Ordering ordering(String nameOrPath, EntryFormat f) {
        return applying(ordering(nameOrPath), List.of(f));
    }

    /** {@code o} when it applies to at least one of {@code formats}; else a {@link BadInput} naming where it applies. */
    static Ordering applying(Ordering o, List<EntryFormat> formats) {
        if (formats.stream().anyMatch(o::appliesTo)) return o;
        try {
            return Orderings.requireAppliesTo(o, formats.get(0));
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

    /**
     * What {@code --visibility} names ({@link Visibility#labels()}); a {@link BadInput} naming the option, the value
     * and the labels expected.
     */
    static Visibility visibility(String label) {
        try {
            return Visibility.byLabel(label);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--visibility: " + e.getMessage());
        }
    }

    /** The visibilities a command that checks under both by default runs: the one {@code --visibility} names, else all. */
    static List<Visibility> visibilities(String labelOrNull) {
        return labelOrNull == null ? List.of(Visibility.values()) : List.of(visibility(labelOrNull));
    }

    /**
     * The reader model of these parts for entries of {@code f}; a {@link BadInput} naming {@code --chunk} when the
     * chunk is no width a reader reads, or wider than {@code f}'s entry.
     */
    static ReaderModel model(EntryFormat f, int chunkBits, ReaderModel.ChunkOrder order, ReaderModel.Cache cache,
                             Visibility visibility) {
        try {
            ReaderModel m = new ReaderModel(chunkBits, order, cache, visibility);
            m.chunks(f);
            return m;
        } catch (IllegalArgumentException e) {
            throw new BadInput("--chunk: " + e.getMessage());
        }
    }

    /**
     * What {@code --attach} names: a built-in attach sequence or an attach file. A malformed file is a
     * {@link dev.hitless.planlang.PlanFileException} (file, line, column); an unknown name a {@link BadInput}.
     */
    static dev.hitless.attach.AttachSequence attach(String nameOrPath) {
        try {
            return dev.hitless.planlang.AttachFile.resolve(nameOrPath);
        } catch (dev.hitless.planlang.PlanFileException e) {
            throw e; // FILE:LINE:COL, reported as it is
        } catch (IllegalArgumentException e) { // neither a built-in nor a file
            throw new BadInput("--attach: " + e.getMessage() + ", or an attach file");
        }
    }

    /** What {@code --ats} says: {@code on} or {@code off}. */
    static boolean ats(String onOff) {
        return switch (onOff) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new BadInput("--ats: expected on or off, found '" + onOff + "'");
        };
    }
}
