package dev.hitless.plan;

/**
 * What a {@link Step.Sync} does when a plan runs on memory. The hardware model behind it decides: drain fetches in
 * flight, drop a cached copy, wait a simulated invalidation latency, or count.
 */
@FunctionalInterface
public interface SyncHandler {
    /** A handler that does nothing: for runs with no reader. */
    SyncHandler NONE = sync -> { };

    void sync(Step.Sync sync);
}
