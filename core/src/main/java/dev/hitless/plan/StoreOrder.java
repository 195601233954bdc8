package dev.hitless.plan;

/**
 * Which stores of a plan may reach the device out of program order: what {@link PlanExecutor#prepare} needs to know
 * to emulate a device's view. Implemented by {@link dev.hitless.reader.Visibility}, which defines both methods (the
 * {@linkplain dev.hitless.reader reader's contract}, rule 1); this interface only lets the plan package ask without
 * depending on the reader package.
 */
public interface StoreOrder {
    /** True when {@code step} orders every earlier store before every later one, as the device sees them. */
    boolean isOrderingPoint(Step step);

    /** True when two stores of one segment, {@code earlier} before {@code later} in program order, stay in that order. */
    boolean keepsOrder(Step earlier, Step later);
}
