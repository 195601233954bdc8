package dev.hitless.cli;

import dev.hitless.format.Formats;
import dev.hitless.format.NarrowFormats;
import dev.hitless.reader.ReaderModel;
import dev.hitless.reader.Visibility;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What {@code --chunk} accepts: 64 bits up to the whole entry of the format at hand; else one line of bad input. */
class InputsChunkTest {
    private static ReaderModel model(dev.hitless.format.EntryFormat f, int bits) {
        return Inputs.model(f, bits, ReaderModel.ChunkOrder.ANY, ReaderModel.Cache.NONE, Visibility.IN_ORDER);
    }

    @Test
    void aChunkAsWideAsTheEntryIsOneAtomicRead() {
        assertEquals(1, model(NarrowFormats.FOUR, 256).chunks(NarrowFormats.FOUR));
        assertEquals(1, model(NarrowFormats.TWO, 128).chunks(NarrowFormats.TWO));
        assertEquals(1, model(Formats.vtd(), 512).chunks(Formats.vtd()));
    }

    @Test
    void aChunkWiderThanTheEntryIsBadInputNamingBoth() {
        BadInput x = assertThrows(BadInput.class, () -> model(NarrowFormats.FOUR, 512));
        assertEquals("--chunk: a 512-bit chunk is wider than the 256-bit test-four entry; expected a chunk of 64 up to 256 bits",
                x.getMessage());
        assertThrows(BadInput.class, () -> model(NarrowFormats.TWO, 256));
        assertEquals("--chunk: chunk size must be 64, 128, 256 or 512 bits, got 96",
                assertThrows(BadInput.class, () -> model(Formats.vtd(), 96)).getMessage());
    }
}
