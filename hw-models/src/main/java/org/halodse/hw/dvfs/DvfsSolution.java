package org.halodse.hw.dvfs;

import java.util.List;
import org.optaplanner.core.api.domain.solution.PlanningEntityCollectionProperty;
import org.optaplanner.core.api.domain.solution.PlanningScore;
import org.optaplanner.core.api.domain.solution.PlanningSolution;
import org.optaplanner.core.api.domain.solution.ProblemFactProperty;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.score.buildin.hardsoftbigdecimal.HardSoftBigDecimalScore;

/** OptaPlanner's planning solution: the group slots, the level range and the limits. */
@PlanningSolution
public class DvfsSolution {
    @PlanningEntityCollectionProperty
    List<GroupSlot> slots;

    @ValueRangeProvider(id = "levels")
    List<Integer> levels;

    @ProblemFactProperty
    DvfsLimits limits;

    @PlanningScore
    HardSoftBigDecimalScore score;

    public DvfsSolution() {
    }

    DvfsSolution(List<GroupSlot> slots, List<Integer> levels, DvfsLimits limits) {
        this.slots = slots;
        this.levels = levels;
        this.limits = limits;
    }

    public HardSoftBigDecimalScore getScore() { return score; }

    /** The limits as a problem fact (joined by the constraints). */
    public static final class DvfsLimits {
        final int maxLevels, maxSwitches;
        final DvfsProblem problem;

        DvfsLimits(int maxLevels, int maxSwitches, DvfsProblem problem) {
            this.maxLevels = maxLevels;
            this.maxSwitches = maxSwitches;
            this.problem = problem;
        }
    }
}
