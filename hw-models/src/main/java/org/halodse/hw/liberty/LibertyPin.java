package org.halodse.hw.liberty;

/**
 * A cell pin: direction, capacitances in fF, the Boolean function of an output (null for inputs),
 * and the index in its cell's pin list.
 */
public record LibertyPin(String name, int index, Direction direction, double capacitance,
                         double riseCapacitance, double fallCapacitance, BoolExpr function,
                         boolean isClock) {
    public enum Direction { INPUT, OUTPUT, INOUT, INTERNAL }

    public boolean isInput() { return direction == Direction.INPUT || direction == Direction.INOUT; }
    public boolean isOutput() { return direction == Direction.OUTPUT || direction == Direction.INOUT; }
}
