package org.halodse.hw.netlist;

/**
 * A module port: scalar or bus {@code [msb:lsb]}. {@code nets[i]} is the net of bit
 * {@code min(msb, lsb) + i}, so bit 0 of a {@code [7:0]} bus is {@code nets[0]}.
 */
public record Port(String name, Direction direction, int msb, int lsb, boolean isBus, int[] nets) {
    public enum Direction { INPUT, OUTPUT, INOUT }

    public int width() { return nets.length; }

    /** The net of bit {@code index} as Verilog numbers it. */
    public int bit(int index) {
        int lo = Math.min(msb, lsb);
        int hi = Math.max(msb, lsb);
        if (index < lo || index > hi) throw new IndexOutOfBoundsException(name + "[" + index + "] is outside [" + msb + ":" + lsb + "]");
        return nets[index - lo];
    }

    /** Verilog name of bit {@code i} (counted from the low end). */
    public String bitName(int i) {
        return isBus ? name + "[" + (Math.min(msb, lsb) + i) + "]" : name;
    }
}
