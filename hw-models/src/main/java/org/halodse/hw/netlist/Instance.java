package org.halodse.hw.netlist;

import org.halodse.hw.liberty.LibertyCell;

/**
 * A cell instance. {@code pinNets[p]} is the net on the cell's pin {@code p} (the Liberty pin
 * order), or -1 when unconnected. {@code line} is the source line it was read from (0 if generated).
 */
public record Instance(String name, LibertyCell cell, int[] pinNets, int line) {
    public int net(String pinName) {
        int i = cell.pinIndex(pinName);
        if (i < 0) throw new IllegalArgumentException("cell " + cell.name() + " has no pin " + pinName);
        return pinNets[i];
    }
}
