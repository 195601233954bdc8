package dev.hitless.ordering;

import dev.hitless.plan.Ordering;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Hook for plan files: turns a file into an {@link Ordering}. The plan-language module registers its loader in
 * {@code META-INF/services/dev.hitless.ordering.PlanFileLoader} (or through {@link Orderings#setPlanFileLoader});
 * {@link Orderings#resolve(String)} calls it for every argument that names an existing file.
 */
@FunctionalInterface
public interface PlanFileLoader {

    /**
     * The ordering the file describes; empty when this loader does not read this kind of file. A file this loader
     * owns but cannot parse is a {@link PlanFileException} with one line saying where and what.
     */
    Optional<Ordering> load(Path file) throws PlanFileException;

    /** A malformed plan file: the message is one line, e.g. {@code plan.txt:3: expected store64, barrier or sync}. */
    final class PlanFileException extends IllegalArgumentException {
        public PlanFileException(String message) {
            super(message);
        }
    }
}
