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

    /**
     * True when the driver's table initialisation (stores in an earlier function, before the plan's first step)
     * reaches the device before the plan's stores of the first segment: exactly when two {@code WRITE_ONCE} stores to
     * different qwords keep program order. The one statement of it: the checker ({@code check.Timeline}) and the
     * jcstress writer ({@link PlanExecutor#prepare}) both ask it.
     */
    default boolean initialisationKeepsOrder() {
        return keepsOrder(new Step.Store64(0, 0), new Step.Store64(1, 0));
    }
}
