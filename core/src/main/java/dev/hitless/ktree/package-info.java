/**
 * C entry writers taken from an unmodified Linux kernel tree: {@code hitless c-check --kernel-tree DIR --driver NAME}.
 *
 * <p>A {@link dev.hitless.ktree.Driver} knows, per supported driver, the files, the functions that make up the writer
 * (the writer, its used-bits and update-safe functions) and the glue hitless writes itself: the ops struct the driver
 * builds, with a sync that records. {@link dev.hitless.ktree.CScanner} reads each file as the C preprocessor would
 * see it, without expanding anything: comments, strings and character literals, line continuations, multi-line
 * macros, and {@code #if}/{@code #ifdef}/{@code #elif}/{@code #else} evaluated under the driver's default
 * configuration and the user's {@code -D} ({@link dev.hitless.ktree.IfExpression}). Universal Ctags
 * ({@link dev.hitless.ktree.Ctags}) names the definitions left in the active text (functions, structs, unions,
 * enums and their enumerators, typedefs, variables, prototypes) and where each ends;
 * {@link dev.hitless.ktree.Extraction} takes the writer's definitions and everything they name, transitively, in
 * source order with {@code #line} directives (so the compiler's messages point into the tree), and
 * {@link dev.hitless.ktree.KernelTree} writes that and the glue into one C file that {@code c-check} compiles and
 * records as it does any other.
 */
package dev.hitless.ktree;
