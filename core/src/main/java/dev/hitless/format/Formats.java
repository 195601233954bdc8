package dev.hitless.format;

import java.util.List;
import java.util.stream.Collectors;

/** The entry formats the harness knows, by the names used on the command line. */
public final class Formats {
    private static final VtdPasid VTD = new VtdPasid();
    private static final SmmuSte STE = new SmmuSte();
    private static final SmmuCd CD = new SmmuCd();
    private static final AmdDte DTE = new AmdDte();
    private static final RiscvDc RISCV_DC = RiscvDc.base();
    private static final RiscvDc RISCV_DC_EXT = RiscvDc.extended();
    private static final VtdContext VTD_CTX = VtdContext.scalable();
    private static final VtdContext VTD_CTX_LEGACY = VtdContext.legacy();
    private static final List<EntryFormat> ALL = List.of(VTD, STE, CD, DTE, RISCV_DC, RISCV_DC_EXT, VTD_CTX, VTD_CTX_LEGACY);

    /**
     * Every format's name, as the {@code --format} options' help lists them (an annotation needs a constant;
     * ConfigSyntaxTest holds it equal to {@link #all()}).
     */
    public static final String NAMES = "vtd-pasid, smmu-ste, smmu-cd, amd-dte, riscv-dc, riscv-dc-ext, vtd-context, vtd-context-legacy";

    private Formats() {
    }

    public static List<EntryFormat> all() {
        return ALL;
    }

    public static VtdPasid vtd() {
        return VTD;
    }

    public static SmmuSte ste() {
        return STE;
    }

    public static SmmuCd cd() {
        return CD;
    }

    public static AmdDte dte() {
        return DTE;
    }

    /** The RISC-V IOMMU device context, base format (4 doublewords). */
    public static RiscvDc riscvDc() {
        return RISCV_DC;
    }

    /** The RISC-V IOMMU device context, extended format (8 doublewords, MSI translation). */
    public static RiscvDc riscvDcExt() {
        return RISCV_DC_EXT;
    }

    /** {@code vtd-context}: the VT-d scalable-mode context entry. */
    public static VtdContext vtdContext() {
        return VTD_CTX;
    }

    /** {@code vtd-context-legacy}: the VT-d legacy-mode context entry. */
    public static VtdContext vtdContextLegacy() {
        return VTD_CTX_LEGACY;
    }

    /**
     * The format called exactly {@code name} (names are lower case, as every name a user types: one case rule for
     * every option value); a {@link ConfigException} listing the known names otherwise.
     */
    public static EntryFormat byName(String name) {
        String n = name == null ? "" : name;
        return ALL.stream().filter(f -> f.name().equals(n)).findFirst()
                .orElseThrow(() -> new ConfigException("unknown entry format '" + n + "'; expected one of "
                        + ALL.stream().map(EntryFormat::name).collect(Collectors.joining(", "))));
    }
}
