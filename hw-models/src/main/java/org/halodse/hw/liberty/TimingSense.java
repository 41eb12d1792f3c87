package org.halodse.hw.liberty;

/** Liberty timing_sense of an arc. */
public enum TimingSense {
    POSITIVE_UNATE, NEGATIVE_UNATE, NON_UNATE;

    public static TimingSense of(BoolExpr.Sense s) {
        return switch (s) {
            case POSITIVE_UNATE -> POSITIVE_UNATE;
            case NEGATIVE_UNATE -> NEGATIVE_UNATE;
            default -> NON_UNATE;
        };
    }
}
