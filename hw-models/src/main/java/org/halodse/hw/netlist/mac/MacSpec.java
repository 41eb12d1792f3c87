package org.halodse.hw.netlist.mac;

import java.util.Locale;

/**
 * What MAC to generate: y = acc + w * a (mod 2^accumulatorBits), all signed two's complement.
 *
 * <ul>
 *   <li>{@code multiplier}: {@link Multiplier#ARRAY} (Baugh-Wooley carry-save array) or
 *       {@link Multiplier#BOOTH} (radix-4 Booth recoding of the weight, reduced by {@code tree}).</li>
 *   <li>{@code tree}: {@link Tree#WALLACE} or {@link Tree#DADDA} for BOOTH; null for ARRAY, whose
 *       rows are its own reduction.</li>
 *   <li>{@code adder}: the carry-propagate adder of the accumulation (and, for BOOTH, the adder
 *       that ends the product tree when the product is registered).</li>
 *   <li>{@code pipeline}: {@link Pipeline#FUSED}, one combinational stage, or
 *       {@link Pipeline#REGISTERED_PRODUCT}, the wb+ab-bit product through flip-flops clocked by
 *       {@code clk} and then the accumulator adder.</li>
 * </ul>
 */
public record MacSpec(int weightBits, int activationBits, int accumulatorBits, Multiplier multiplier,
                      Tree tree, Adder adder, Pipeline pipeline) {

    public enum Multiplier { ARRAY, BOOTH }

    public enum Tree { WALLACE, DADDA }

    public enum Adder {
        RIPPLE("rca"), KOGGE_STONE("ks"), BRENT_KUNG("bk");

        private final String tag;

        Adder(String tag) { this.tag = tag; }

        /** Short name used in module names. */
        public String tag() { return tag; }
    }

    public enum Pipeline {
        FUSED("fused"), REGISTERED_PRODUCT("regprod");

        private final String tag;

        Pipeline(String tag) { this.tag = tag; }

        public String tag() { return tag; }
    }

    public static final int DEFAULT_ACCUMULATOR_BITS = 24;
    /** The simulator reads ports as 64-bit integers. */
    public static final int MAX_ACCUMULATOR_BITS = 64;

    public MacSpec {
        if (weightBits != 4 && weightBits != 8) {
            throw new IllegalArgumentException("weight bits must be 4 or 8, got " + weightBits);
        }
        if (activationBits != 4 && activationBits != 8) {
            throw new IllegalArgumentException("activation bits must be 4 or 8, got " + activationBits);
        }
        int product = weightBits + activationBits;
        if (accumulatorBits < product || accumulatorBits > MAX_ACCUMULATOR_BITS) {
            throw new IllegalArgumentException("accumulator bits must be from weight bits + activation bits ("
                + product + ") to " + MAX_ACCUMULATOR_BITS + ", got " + accumulatorBits);
        }
        if (multiplier == null || adder == null || pipeline == null) {
            throw new IllegalArgumentException("multiplier, adder and pipeline must be given");
        }
        if (multiplier == Multiplier.BOOTH && tree == null) {
            throw new IllegalArgumentException("a BOOTH multiplier needs a tree: WALLACE or DADDA");
        }
        if (multiplier == Multiplier.ARRAY && tree != null) {
            throw new IllegalArgumentException("an ARRAY multiplier takes no tree (WALLACE/DADDA are for BOOTH), got " + tree);
        }
    }

    /** A Baugh-Wooley array MAC. */
    public static MacSpec array(int weightBits, int activationBits, int accumulatorBits, Adder adder, Pipeline pipeline) {
        return new MacSpec(weightBits, activationBits, accumulatorBits, Multiplier.ARRAY, null, adder, pipeline);
    }

    /** A radix-4 Booth MAC reduced by {@code tree}. */
    public static MacSpec booth(int weightBits, int activationBits, int accumulatorBits, Tree tree, Adder adder, Pipeline pipeline) {
        return new MacSpec(weightBits, activationBits, accumulatorBits, Multiplier.BOOTH, tree, adder, pipeline);
    }

    public static Builder builder() { return new Builder(); }

    public int productBits() { return weightBits + activationBits; }

    public boolean registered() { return pipeline == Pipeline.REGISTERED_PRODUCT; }

    /** e.g. {@code mac_booth_dadda_ks_fused_w8a8_acc24}, {@code mac_array_rca_regprod_w4a8_acc24}. */
    public String moduleName() {
        String arch = multiplier == Multiplier.ARRAY ? "array" : "booth_" + tree.name().toLowerCase(Locale.ROOT);
        return "mac_" + arch + "_" + adder.tag() + "_" + pipeline.tag() + "_w" + weightBits + "a" + activationBits + "_acc" + accumulatorBits;
    }

    @Override
    public String toString() { return moduleName(); }

    /** Defaults: 8x8 bits, 24-bit accumulator, Booth with a Dadda tree, Kogge-Stone adder, fused. */
    public static final class Builder {
        private int weightBits = 8;
        private int activationBits = 8;
        private int accumulatorBits = DEFAULT_ACCUMULATOR_BITS;
        private Multiplier multiplier = Multiplier.BOOTH;
        private Tree tree = Tree.DADDA;
        private Adder adder = Adder.KOGGE_STONE;
        private Pipeline pipeline = Pipeline.FUSED;

        private Builder() { }

        public Builder weightBits(int v) { weightBits = v; return this; }
        public Builder activationBits(int v) { activationBits = v; return this; }
        public Builder accumulatorBits(int v) { accumulatorBits = v; return this; }

        public Builder array() { multiplier = Multiplier.ARRAY; tree = null; return this; }

        public Builder booth(Tree t) { multiplier = Multiplier.BOOTH; tree = t; return this; }

        public Builder adder(Adder v) { adder = v; return this; }
        public Builder pipeline(Pipeline v) { pipeline = v; return this; }

        public MacSpec build() {
            return new MacSpec(weightBits, activationBits, accumulatorBits, multiplier, tree, adder, pipeline);
        }
    }
}
