package dev.hitless.stress;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a jcstress test that must observe at least one TORN outcome: the stress gate fails a run in which it saw
 * none. Put on tests of known-bad orderings (struct copy, the entry-sync draft) whose tear the checker proves
 * reachable by a reader that sees tears often (strict: any chunk order, no cache).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MustObserveTear {
}
