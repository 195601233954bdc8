/**
 * The plan language: orderings written as {@code .plan} text files instead of Java. {@link
 * dev.hitless.planlang.PlanFile#load(java.nio.file.Path)} turns a file into an {@link dev.hitless.plan.Ordering};
 * the language is documented, with its grammar, in docs/plan-language.md, and the built-in orderings are
 * shipped as examples under {@code dev/hitless/planlang/examples/}. {@link dev.hitless.planlang.RecordedPlans} writes
 * recorded plans (a C writer's stores, barriers and syncs) as a plan file of literal values, so a recording is an
 * ordering like any other.
 */
package dev.hitless.planlang;
