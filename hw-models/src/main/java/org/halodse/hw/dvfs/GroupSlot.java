package org.halodse.hw.dvfs;

import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.entity.PlanningPin;
import org.optaplanner.core.api.domain.variable.PlanningVariable;

/**
 * OptaPlanner's planning entity: one group of the execution order and its DVFS level. Index -1 is
 * a pinned sentinel before the first group (so every group has a predecessor in the "consecutive
 * groups" join; it counts as a switch only when the problem has an initial level).
 */
@PlanningEntity
public class GroupSlot {
    int index;
    boolean sentinel;
    boolean pinned;
    DvfsProblem problem;

    @PlanningVariable(valueRangeProviderRefs = "levels")
    Integer level;

    public GroupSlot() {
    }

    GroupSlot(int index, boolean sentinel, boolean pinned, DvfsProblem problem, Integer level) {
        this.index = index;
        this.sentinel = sentinel;
        this.pinned = pinned;
        this.problem = problem;
        this.level = level;
    }

    @PlanningPin
    public boolean isPinned() { return pinned; }

    public int getIndex() { return index; }

    public Integer getLevel() { return level; }

    public void setLevel(Integer level) { this.level = level; }

    boolean real() { return !sentinel; }

    boolean safe() { return sentinel || problem.safe[index][level]; }

    /** Whether moving from {@code prev} to this group is a DVFS switch. */
    boolean switchFrom(GroupSlot prev) {
        if (prev.sentinel) return problem.initialLevel >= 0 && problem.initialLevel != level;
        return !prev.level.equals(level);
    }

    long timeAfter(GroupSlot prev) {
        return problem.timePs[index][level] + (switchFrom(prev) ? problem.switchPs : 0);
    }

    long energyAfter(GroupSlot prev) {
        return problem.energyFj[index][level] + (switchFrom(prev) ? problem.switchFj : 0);
    }

    @Override
    public String toString() { return sentinel ? "start" : "group" + index + "@" + level; }
}
