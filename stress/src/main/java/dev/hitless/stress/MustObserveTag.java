package dev.hitless.stress;

import dev.hitless.attach.TagOutcome;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a cache-tag jcstress test that must observe at least one outcome of kind {@link #value()} (STALE, LEAK): the
 * stress gate fails a run in which it saw none, as it does for a {@link MustObserve} entry test. Put on tests of
 * known-bad attach sequences whose failure the checker proves reachable at the point where the test unmaps.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MustObserveTag {
    /** The kind of cache-tag outcome at least one sample must show. */
    TagOutcome.Kind value();
}
