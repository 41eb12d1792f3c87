package org.halodse.hw.netlist;

/**
 * A structural problem in a netlist (multiple drivers, combinational loop, unknown cell or pin),
 * with the instance and source line when known. Readers turn it into a file:line message.
 */
public class NetlistException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;

    public NetlistException(String message, int line) {
        super(message);
        this.line = line;
    }

    /** Source line of the offending statement, or 0. */
    public int line() { return line; }
}
