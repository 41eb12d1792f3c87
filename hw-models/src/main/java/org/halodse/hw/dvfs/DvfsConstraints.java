package org.halodse.hw.dvfs;

import static org.optaplanner.core.api.score.stream.ConstraintCollectors.countBi;
import static org.optaplanner.core.api.score.stream.ConstraintCollectors.countDistinct;
import static org.optaplanner.core.api.score.stream.ConstraintCollectors.sumLong;

import java.math.BigDecimal;
import org.optaplanner.core.api.score.buildin.hardsoftbigdecimal.HardSoftBigDecimalScore;
import org.optaplanner.core.api.score.stream.Constraint;
import org.optaplanner.core.api.score.stream.ConstraintFactory;
import org.optaplanner.core.api.score.stream.ConstraintProvider;
import org.optaplanner.core.api.score.stream.Joiners;

/**
 * The DVFS plan's constraints as (Bavet) constraint streams. Hard: a group at a level faster than
 * safe; more distinct levels than allowed; more switches than allowed (each by how much). Soft:
 * the objective of total time and energy (EDP or weighted sum), switch costs included, from the
 * consecutive-groups join (every group has a predecessor: the pinned start sentinel).
 */
public class DvfsConstraints implements ConstraintProvider {
    @Override
    public Constraint[] defineConstraints(ConstraintFactory f) {
        return new Constraint[] {unsafe(f), tooManyLevels(f), tooManySwitches(f), cost(f)};
    }

    Constraint unsafe(ConstraintFactory f) {
        return f.forEach(GroupSlot.class)
            .filter(g -> !g.safe())
            .penalizeBigDecimal(HardSoftBigDecimalScore.ONE_HARD, g -> BigDecimal.ONE)
            .asConstraint("level faster than safe");
    }

    Constraint tooManyLevels(ConstraintFactory f) {
        return f.forEach(GroupSlot.class)
            .filter(GroupSlot::real)
            .groupBy(countDistinct(GroupSlot::getLevel))
            .join(DvfsSolution.DvfsLimits.class)
            .filter((n, lim) -> n > lim.maxLevels)
            .penalizeBigDecimal(HardSoftBigDecimalScore.ONE_HARD, (n, lim) -> BigDecimal.valueOf(n - lim.maxLevels))
            .asConstraint("too many distinct levels");
    }

    Constraint tooManySwitches(ConstraintFactory f) {
        return f.forEach(GroupSlot.class)
            .join(GroupSlot.class, Joiners.equal(a -> a.index + 1, GroupSlot::getIndex))
            .filter((a, b) -> b.switchFrom(a))
            .groupBy(countBi())
            .join(DvfsSolution.DvfsLimits.class)
            .filter((n, lim) -> n > lim.maxSwitches)
            .penalizeBigDecimal(HardSoftBigDecimalScore.ONE_HARD, (n, lim) -> BigDecimal.valueOf(n - lim.maxSwitches))
            .asConstraint("too many switches");
    }

    Constraint cost(ConstraintFactory f) {
        return f.forEach(GroupSlot.class)
            .join(GroupSlot.class, Joiners.equal(a -> a.index + 1, GroupSlot::getIndex))
            .groupBy(sumLong((a, b) -> b.timeAfter(a)), sumLong((a, b) -> b.energyAfter(a)))
            .join(DvfsSolution.DvfsLimits.class)
            .penalizeBigDecimal(HardSoftBigDecimalScore.ONE_SOFT, (t, e, lim) -> new BigDecimal(lim.problem.objective(t, e)))
            .asConstraint("objective (EDP or weighted time + energy)");
    }

}
