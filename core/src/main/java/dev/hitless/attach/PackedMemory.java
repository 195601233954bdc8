package dev.hitless.attach;

/**
 * A {@link TranslationMemory} packed into the low 16 bits of a long, the checker's state: bits 0-2 the old domain's
 * list slots, 3-5 the new domain's, 6-11 the IOTLB, 12-13 the device TLB, 14-15 the cleared PTEs (bit per domain).
 */
final class PackedMemory implements TranslationMemory {
    static final long MASK = 0xffffL;
    long bits;

    PackedMemory(long bits) {
        this.bits = bits & MASK;
    }

    /** The start of every replace: the device on the old domain's list under the old tag, both pages mapped. */
    static long initial() {
        return 1;
    }

    @Override
    public boolean ptePresent(Domain d) {
        return (bits & (1L << (14 + d.ordinal()))) == 0;
    }

    @Override
    public void clearPte(Domain d) {
        bits |= 1L << (14 + d.ordinal());
    }

    @Override
    public int listSlots(Domain d) {
        return (int) (bits >>> (3 * d.ordinal())) & 7;
    }

    @Override
    public void setListSlots(Domain d, int slots) {
        int sh = 3 * d.ordinal();
        bits = (bits & ~(7L << sh)) | ((long) (slots & 7) << sh);
    }

    @Override
    public int iotlb() {
        return (int) (bits >>> 6) & 0x3f;
    }

    @Override
    public void setIotlb(int v) {
        bits = (bits & ~(0x3fL << 6)) | ((long) (v & 0x3f) << 6);
    }

    @Override
    public int devtlb() {
        return (int) (bits >>> 12) & 3;
    }

    @Override
    public void setDevtlb(int v) {
        bits = (bits & ~(3L << 12)) | ((long) (v & 3) << 12);
    }
}
