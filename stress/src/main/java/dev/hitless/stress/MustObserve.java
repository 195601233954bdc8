package dev.hitless.stress;

import dev.hitless.reader.Seen;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a jcstress test that must observe at least one outcome judged {@link #value()}: the stress gate fails a run
 * in which it saw none. Put on tests of known-bad orderings whose failure the checker proves reachable by a reader
 * that sees it often (strict: any chunk order, no cache): {@code TORN} for the struct copy and the entry-sync draft,
 * {@code UNINIT} for the missing {@code dma_wmb} before a hitless STE update, {@code UNTRANSLATED} for AMD-Vi's
 * GPT-level change through V=0.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MustObserve {
    /** The judgement at least one sample must show ({@link Seen#TORN}, {@link Seen#UNTRANSLATED} or {@link Seen#UNINIT}). */
    Seen value();
}
