package dev.hitless.attach;

/**
 * One thing the driver does while it moves a device from the old domain to the new one, besides the entry stores:
 * the steps of an {@link AttachSequence}. The entry stores themselves are an {@link Switch}: the ordering under test
 * runs there, so any entry ordering composes with any attach sequence.
 */
public sealed interface AttachStep {

    /** One line as an attach file writes it. */
    String text();

    /**
     * The device joins {@code domain}'s invalidation list under {@code tag}: from now on an unmap of the domain
     * invalidates that tag in the IOTLB (and, with ATS, the device TLB). VT-d {@code cache_tag_assign_domain()},
     * SMMUv3 {@code arm_smmu_attach_prepare()}'s array merge.
     */
    record ListAdd(Domain domain, TagId tag) implements AttachStep {
        @Override
        public String text() {
            return "list add " + domain.label() + " tag " + tag.label();
        }
    }

    /** The device leaves {@code domain}'s list under {@code tag}: VT-d {@code cache_tag_unassign_domain()}. */
    record ListRemove(Domain domain, TagId tag) implements AttachStep {
        @Override
        public String text() {
            return "list remove " + domain.label() + " tag " + tag.label();
        }
    }

    /**
     * The entry moves to the configuration that carries {@code tag} and points at {@code table}'s page table, by the
     * ordering under test, entry syncs included. The device may use the target configuration from the first store on,
     * and the previous one until the ordering's last entry sync.
     */
    record Switch(TagId tag, Domain table) implements AttachStep {
        @Override
        public String text() {
            return "switch tag " + tag.label() + " table " + table.label();
        }
    }

    /** Invalidate the IOTLB entries keyed by {@code tag} and wait (PASID-based or domain-selective; TLBI by ASID/VMID). */
    record FlushIotlb(TagId tag) implements AttachStep {
        @Override
        public String text() {
            return "flush iotlb " + tag.label();
        }
    }

    /** Invalidate the device TLB (ATS) of this device and PASID, and wait: VT-d device-TLB invalidation, ATC_INV. */
    record FlushDevtlb() implements AttachStep {
        @Override
        public String text() {
            return "flush devtlb";
        }
    }
}
