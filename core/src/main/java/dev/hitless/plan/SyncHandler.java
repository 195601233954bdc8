package dev.hitless.plan;

/**
 * What a {@link Step.Sync} does when a plan runs on memory. For the hardware reader that is
 * {@link dev.hitless.reader.LiveReader#sync}; a benchmark may add a simulated invalidation latency, a test may count.
 */
@FunctionalInterface
public interface SyncHandler {
    /** A handler that does nothing: for runs with no reader. */
    SyncHandler NONE = sync -> { };

    void sync(Step.Sync sync);
}
