/**
 * The hardware reader: what an IOMMU may see when it reads a live entry while a driver updates it, and how each
 * fetched entry is judged.
 *
 * <h2>The reader's contract</h2>
 * This comment is the one statement of it; {@link dev.hitless.reader.ReaderModel} holds its parameters.
 * {@link dev.hitless.check.Checker} explores it symbolically (every observation it allows), {@link
 * dev.hitless.reader.LiveReader} performs it on off-heap memory at run time (the jcstress {@code Race} and the JMH
 * device thread only wire a {@code LiveReader} up), and every other place links here.
 * <ol>
 *   <li><b>Stores.</b> The writer changes the entry by the stores of a plan ({@link dev.hitless.plan.Step.Store64},
 *       {@link dev.hitless.plan.Step.Store128}), each single-copy atomic, and the reader sees them in the order the
 *       model's {@link dev.hitless.reader.Visibility} allows (its {@code isOrderingPoint} and {@code keepsOrder} are
 *       the rule): in program order under {@code in-order} but for plain stores, in any order between two ordering
 *       points under {@code barrier-ordered}, same-qword stores always in program order. Memory passes through the
 *       versions "after the first {@code t} stores" of that order. Before the first step the driver has initialised
 *       the tables behind the target's new pointers ({@link dev.hitless.reader.TableInit}): implicit stores of the
 *       first segment, and a fetch judged NEW that walks one not yet visible is {@code UNINIT}.</li>
 *   <li><b>Chunked fetch.</b> A fetch reads the 512-bit entry in chunks of
 *       {@link dev.hitless.reader.ReaderModel#chunkBits() chunkBits} (64, 128, 256 or 512). Each chunk is read
 *       atomically, the chunks at different moments, so one fetch may straddle any number of stores (and a 64-bit
 *       reader reads the two halves of a 128-bit store in two chunks).</li>
 *   <li><b>Chunk order.</b> {@link dev.hitless.reader.ReaderModel.ChunkOrder}: the chunks of one fetch are read in
 *       ascending or descending address order, or in any order (a different one each fetch).</li>
 *   <li><b>Cache.</b> {@link dev.hitless.reader.ReaderModel.Cache#NONE NONE}: the hardware may fetch at any moment.
 *       {@link dev.hitless.reader.ReaderModel.Cache#STICKY STICKY}: it holds the live entry when the update begins,
 *       fetches once at each entry sync, while memory is stable, and serves that copy until the next entry sync.</li>
 *   <li><b>Entry sync.</b> A sync that {@linkplain dev.hitless.plan.Step.Sync#invalidatesEntry() invalidates the
 *       entry} drops the cached copy and returns only when every fetch that began before it has completed: <em>a
 *       fetch never straddles a completed entry sync</em>. A sync of TLB kinds only
 *       ({@link dev.hitless.plan.SyncKind}) is no boundary for the reader.</li>
 * </ol>
 * So the entry syncs cut a plan into <em>windows</em>. Without a cache one fetch reads each of its chunks at some
 * version of one window, the versions following the chunk order; with a sticky cache only the state at the start of
 * each window, and the final state, is ever seen.
 *
 * <h2>Judgement</h2>
 * The {@link dev.hitless.reader.Oracle} judges a fetched entry ({@link dev.hitless.reader.Seen}: OLD, NEW, BLOCKED,
 * TORN), and an {@link dev.hitless.reader.Observation} adds where each chunk came from ({@code "TORN no=="}): the
 * outcome the checker predicts and jcstress counts.
 *
 * <h2>Extending the model</h2>
 * A new freedom of the hardware (stores between two barriers becoming visible out of order, a cache tagged by PASID
 * or StreamID that a sync drops only for its tag) is one component of {@code ReaderModel}, one clause above, and one
 * change in each of the two implementations: the checker's windows and versions, and {@code LiveReader}.
 */
package dev.hitless.reader;
