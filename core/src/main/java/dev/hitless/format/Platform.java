package dev.hitless.format;

/**
 * The CPU architecture a format's hardware sits beside, which decides in what order the driver's stores reach it
 * ({@link dev.hitless.reader.Visibility#defaultFor}).
 */
public enum Platform {
    /** Intel VT-d: x86, total store order. */
    X86,
    /** Arm SMMUv3: ARMv8, stores to normal memory reach a device in any order unless a barrier orders them. */
    ARMV8,
    /**
     * RISC-V IOMMU: RVWMO, stores to normal memory reach a device in any order unless a fence orders them
     * ({@code dma_wmb()} is {@code fence w,w}), as on ARMv8.
     */
    RISCV
}
