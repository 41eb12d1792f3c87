package org.halodse.hw.liberty;

/**
 * One Liberty {@code internal_power()} group of a pin, energies in fJ per transition over
 * (input slew ps, load fF). {@code relatedPin} is -1 for an input pin's own power.
 */
public record InternalPower(int relatedPin, BoolExpr when, LookupTable risePower, LookupTable fallPower) {
}
