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
 *   <li><b>Stores and their visibility.</b> The writer changes the entry by the stores of a plan
 *       ({@link dev.hitless.plan.Step.Store32}, {@link dev.hitless.plan.Step.Store64},
 *       {@link dev.hitless.plan.Step.Store128}), each single-copy atomic (a 128-bit store is one unit; a 32-bit store
 *       changes half a qword, the other half keeping its value). In what order they reach the device is the model's
 *       {@link dev.hitless.reader.Visibility}: {@code IN_ORDER} (x86 TSO with {@code WRITE_ONCE}) in program order,
 *       except that a plain store (a C struct copy) may move anywhere up to the next barrier or sync;
 *       {@code BARRIER_ORDERED} (ARMv8) in any order between two <em>ordering points</em> (the start, a
 *       {@code dma_wmb}, any sync), but never an {@code smp_wmb}. Stores to the same qword always keep program order
 *       (two 32-bit stores to the halves of one qword count as such).
 *       {@link dev.hitless.reader.Visibility#isOrderingPoint} and {@link dev.hitless.reader.Visibility#keepsOrder}
 *       are the rule in code; every back end asks them.</li>
 *   <li><b>Tables.</b> Before step 1 the driver initialised the tables the target points at (each
 *       {@linkplain dev.hitless.format.EntryFormat#pointerFields() pointer field} the target uses whose value
 *       changes): stores in program order before the plan's first store, so under {@code BARRIER_ORDERED} they may
 *       reach the device after the plan's first stores unless a {@code dma_wmb} or sync comes first. When a fetch
 *       completes, the device walks the tables its entry uses.</li>
 *   <li><b>Chunked fetch.</b> A fetch reads the entry (as wide as its
 *       {@linkplain dev.hitless.format.EntryFormat#qwords() format} says: 128, 256 or 512 bits) in chunks of
 *       {@link dev.hitless.reader.ReaderModel#chunkBits() chunkBits} (64, 128, 256 or 512, at most the entry; a chunk
 *       as wide as the entry is one atomic read of all of it). Each chunk is read
 *       atomically, the chunks at different moments, so one fetch may straddle any number of stores (and a 64-bit
 *       reader reads the two halves of a 128-bit store in two chunks).</li>
 *   <li><b>Chunk order.</b> {@link dev.hitless.reader.ReaderModel.ChunkOrder}: the chunks of one fetch are read in
 *       ascending or descending address order, or in any order (a different one each fetch).</li>
 *   <li><b>Cache.</b> {@link dev.hitless.reader.ReaderModel.Cache#NONE NONE}: the hardware may fetch at any moment.
 *       {@link dev.hitless.reader.ReaderModel.Cache#STICKY STICKY}: it holds the live entry when the update begins,
 *       fetches once at each entry sync, while memory is stable, and serves that copy until the next entry sync.</li>
 *   <li><b>Entry sync.</b> A sync that {@linkplain dev.hitless.plan.Step.Sync#invalidatesEntry() invalidates the
 *       entry} drops the cached copy and returns only when every fetch that began before it has completed: <em>a
 *       fetch never straddles a completed entry sync</em>. A sync is also an ordering point (rule 1). A sync of TLB kinds only
 *       ({@link dev.hitless.plan.SyncKind}) is no boundary for the reader.</li>
 *   <li><b>Translations and invalidation lists</b> (the cache-tag model, {@code dev.hitless.attach}; docs/cache-tags.md).
 *       After a fetch the device may translate: walk the table of the configuration it fetched and, while the page is
 *       still mapped, cache the translation in the IOTLB under the tag the entry carries
 *       ({@link dev.hitless.format.EntryFormat#cacheTag}) and, with ATS, in the device TLB (keyed by PASID). A walk
 *       and its cache fill are one step with respect to an invalidation, whose wait waits for walks in flight. Each
 *       domain keeps a list of the tags an unmap of it invalidates; an unmapper clears the PTE, reads the list,
 *       invalidates each tag in the IOTLB and then the device TLB, each waited for. The rules are
 *       {@code attach.CacheTags}, written once over a {@code TranslationMemory}: the checker
 *       ({@code attach.TagExplorer}), the brute force and the jcstress and JMH actors all call them.</li>
 * </ol>
 * So the entry syncs cut a plan into <em>windows</em>. Without a cache one fetch reads each of its chunks at some
 * moment of one window, the moments following the chunk order, and each chunk shows the stores that had reached the
 * device by then; with a sticky cache only the state at the start of each window, and the final state, is ever seen
 * (fully visible: a sync orders every earlier store, tables included).
 *
 * <h2>Judgement</h2>
 * The {@link dev.hitless.reader.Oracle} judges a fetched entry ({@link dev.hitless.reader.Seen}: OLD, NEW, BLOCKED,
 * TORN); a NEW entry whose new table the device could not yet see when the fetch completed is UNINIT; a translation
 * that survives an unmap while the device still uses it is STALE, one that outlives the replace out of every unmap's
 * reach a LEAK ({@code attach.TagOutcome}); and an {@link dev.hitless.reader.Observation} adds where each chunk came from ({@code "TORN no=="}): the
 * outcome the checker predicts and jcstress counts.
 *
 * <h2>Extending the model</h2>
 * A new freedom of the hardware (as visibility was; the translation caches of rule 7 were added the same way) is one
 * component of {@code ReaderModel}, one clause above, and one change in each implementation:
 * the checker ({@code check.Timeline} for visibility), {@code LiveReader} and the writer's
 * {@link dev.hitless.plan.PlanExecutor} (which emulates, on x86, the orders a weaker visibility allows).
 */
package dev.hitless.reader;
