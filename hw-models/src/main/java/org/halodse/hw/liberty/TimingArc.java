package org.halodse.hw.liberty;

/**
 * One Liberty {@code timing()} group: from the related input pin to the pin that owns it.
 * Tables are in ps over (input slew ps, load fF); a null table means the arc has no such
 * transition. {@code when} is the state condition of a state-dependent arc, or null.
 *
 * @param fromPin   index of the related pin in the cell's pin list
 * @param toPin     index of the output pin
 * @param timingType the Liberty timing_type ("combinational" when absent)
 */
public record TimingArc(int fromPin, int toPin, TimingSense sense, String timingType, BoolExpr when,
                        LookupTable cellRise, LookupTable cellFall,
                        LookupTable riseTransition, LookupTable fallTransition) {

    /** Arcs that carry a signal (delay arcs), as opposed to setup/hold/width checks. */
    public boolean isDelayArc() {
        return switch (timingType) {
            case "combinational", "combinational_rise", "combinational_fall",
                 "rising_edge", "falling_edge", "three_state_enable", "three_state_disable",
                 "three_state_enable_rise", "three_state_enable_fall",
                 "three_state_disable_rise", "three_state_disable_fall",
                 "preset", "clear" -> true;
            default -> false;
        };
    }

    /** Clock-to-output arcs of a flip-flop. */
    public boolean isClockArc() {
        return timingType.equals("rising_edge") || timingType.equals("falling_edge");
    }
}
