package dev.hitless.cli;

import dev.hitless.format.EntryFormat;
import dev.hitless.reader.ReaderModel;
import picocli.CommandLine.Option;

/**
 * The reader options of a command that judges under one reader model, a picocli mixin: a preset ({@code --reader})
 * and the options that override its parts ({@code --chunk --order --cache --visibility}), for {@code check} and
 * {@code synthesize}.
 */
final class ReaderOptions {
    @Option(names = "--reader", paramLabel = "PRESET", defaultValue = "strict",
            description = "reader preset: strict, ascending or sticky (default: ${DEFAULT-VALUE}); the options below override it")
    String reader;

    @Option(names = "--chunk", paramLabel = "BITS", description = "atomic read width: 64, 128, 256 or 512, at most the entry (default: the format's)")
    Integer chunk;

    @Option(names = "--order", paramLabel = "ORDER", description = "chunk order within a fetch: any, ascending, descending")
    ReaderModel.ChunkOrder order;

    @Option(names = "--cache", paramLabel = "CACHE", description = "none (re-fetch any time) or sticky (keep a copy until a sync)")
    ReaderModel.Cache cache;

    @Option(names = "--visibility", paramLabel = "V",
            description = "in-order or barrier-ordered: in what order the stores reach the device (default: the format's own,"
                    + " in-order for vtd-pasid, barrier-ordered for smmu-ste and smmu-cd)")
    String visibility;

    /** The preset {@code --reader} names, for {@code f}: its chunk and visibility are the format's own. */
    ReaderModel preset(EntryFormat f) {
        return Inputs.preset(reader, f);
    }

    /** The model for {@code f}: the {@link #preset}, then each option given. */
    ReaderModel model(EntryFormat f) {
        return override(f, preset(f));
    }

    /** {@code base} with each of {@code --chunk --order --cache --visibility} that was given. */
    ReaderModel override(EntryFormat f, ReaderModel base) {
        return Inputs.model(f, chunk != null ? chunk : base.chunkBits(), order != null ? order : base.order(),
                cache != null ? cache : base.cache(), visibility != null ? Inputs.visibility(visibility) : base.visibility());
    }
}
