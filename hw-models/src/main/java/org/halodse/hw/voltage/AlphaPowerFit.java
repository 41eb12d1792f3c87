package org.halodse.hw.voltage;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.fitting.leastsquares.ParameterValidator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;
import org.halodse.hw.liberty.InputException;

/**
 * Least-squares fit of the alpha-power law to (V, delay) points with Commons Math's
 * Levenberg-Marquardt. The fit is in log delay, ln d = ln k + ln V - alpha ln(V - Vth), so each
 * point weighs by its relative error (delays at low voltage are larger, and would otherwise
 * dominate), and k stays positive. Vth is kept below the lowest voltage and alpha in [0.5, 4]; the
 * optimizer is started from a small grid of (Vth, alpha) and the best end point is kept, because
 * the cost is flat along a valley where Vth and alpha trade off.
 *
 * <p>With three points and three parameters the fit is an interpolation: the residuals are zero (if
 * it succeeds inside the bounds) and say nothing about the law; {@code degreesOfFreedom} shows it.
 * Fixing alpha leaves two parameters and one degree of freedom from three corners.
 *
 * @param residualsPs     fitted minus given delay, per point (ps)
 * @param relativeResiduals fitted / given - 1, per point
 */
public record AlphaPowerFit(AlphaPowerLaw law, List<VoltageDelay> points, double[] residualsPs,
                            double[] relativeResiduals, int degreesOfFreedom, boolean alphaFixed) {
    static final double ALPHA_MIN = 0.5, ALPHA_MAX = 4.0;

    public AlphaPowerFit {
        points = List.copyOf(points);
        residualsPs = residualsPs.clone();
        relativeResiduals = relativeResiduals.clone();
    }

    @Override public double[] residualsPs() { return residualsPs.clone(); }
    @Override public double[] relativeResiduals() { return relativeResiduals.clone(); }

    /** Root-mean-square relative residual. */
    public double rmsRelativeResidual() {
        double s = 0;
        for (double r : relativeResiduals) s += r * r;
        return Math.sqrt(s / relativeResiduals.length);
    }

    /** Fits k, Vth and alpha; needs at least three points at distinct voltages. */
    public static AlphaPowerFit fit(List<VoltageDelay> points) {
        return fit(points, Double.NaN);
    }

    /** Fits k and Vth with alpha held at {@code alpha} (NaN: fit alpha too). */
    public static AlphaPowerFit fit(List<VoltageDelay> points, double alpha) {
        boolean fixed = !Double.isNaN(alpha);
        int params = fixed ? 2 : 3;
        long distinct = points.stream().mapToDouble(VoltageDelay::volts).distinct().count();
        if (distinct < params) {
            throw new InputException("alpha-power fit: " + distinct + " distinct voltage(s) given, need at least " + params
                + (fixed ? " with alpha fixed" : " (or fix alpha)"));
        }
        if (fixed && (alpha < ALPHA_MIN || alpha > ALPHA_MAX)) throw new InputException("alpha " + alpha + ": expected " + ALPHA_MIN + " to " + ALPHA_MAX);
        int n = points.size();
        double[] v = new double[n], target = new double[n];
        double vMin = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            v[i] = points.get(i).volts();
            target[i] = Math.log(points.get(i).delayPs());
            vMin = Math.min(vMin, v[i]);
        }
        final double vthMax = vMin * (1 - 1e-6) - 1e-9;
        final double vthMin = -vMin; // a negative Vth is unphysical, but lets the fit say the data are nearly linear in V
        MultivariateJacobianFunction model = p -> {
            double lnk = p.getEntry(0), vth = p.getEntry(1), a = fixed ? alpha : p.getEntry(2);
            RealVector value = new ArrayRealVector(n);
            Array2DRowRealMatrix jac = new Array2DRowRealMatrix(n, params);
            for (int i = 0; i < n; i++) {
                double over = v[i] - vth;
                value.setEntry(i, lnk + Math.log(v[i]) - a * Math.log(over));
                jac.setEntry(i, 0, 1);
                jac.setEntry(i, 1, a / over);
                if (!fixed) jac.setEntry(i, 2, -Math.log(over));
            }
            return new Pair<>(value, jac);
        };
        ParameterValidator bounds = p -> {
            RealVector q = p.copy();
            q.setEntry(1, Math.max(vthMin, Math.min(vthMax, q.getEntry(1))));
            if (!fixed) q.setEntry(2, Math.max(ALPHA_MIN, Math.min(ALPHA_MAX, q.getEntry(2))));
            return q;
        };
        LevenbergMarquardtOptimizer lm = new LevenbergMarquardtOptimizer()
            .withCostRelativeTolerance(1e-15).withParameterRelativeTolerance(1e-15).withOrthoTolerance(1e-15);
        LeastSquaresOptimizer.Optimum best = null;
        double[] vthStarts = {0.1, 0.3, 0.5, 0.7};
        double[] alphaStarts = fixed ? new double[] {alpha} : new double[] {1.0, 1.5, 2.0};
        for (double fv : vthStarts) {
            for (double a0 : alphaStarts) {
                double vth0 = fv * vMin;
                double lnk0 = 0;
                for (int i = 0; i < n; i++) lnk0 += target[i] - Math.log(v[i]) + a0 * Math.log(v[i] - vth0);
                lnk0 /= n;
                double[] start = fixed ? new double[] {lnk0, vth0} : new double[] {lnk0, vth0, a0};
                LeastSquaresProblem problem = new LeastSquaresBuilder().start(start).model(model).target(target)
                    .parameterValidator(bounds).maxEvaluations(100_000).maxIterations(100_000).build();
                try {
                    LeastSquaresOptimizer.Optimum o = lm.optimize(problem);
                    if (best == null || o.getCost() < best.getCost()) best = o;
                } catch (org.apache.commons.math3.exception.MathIllegalStateException e) {
                    // this start did not converge; another will
                }
            }
        }
        if (best == null) throw new InputException("alpha-power fit did not converge from any start");
        RealVector p = best.getPoint();
        AlphaPowerLaw law = new AlphaPowerLaw(Math.exp(p.getEntry(0)), p.getEntry(1), fixed ? alpha : p.getEntry(2));
        double[] res = new double[n], rel = new double[n];
        for (int i = 0; i < n; i++) {
            double fitted = law.delay(v[i]);
            res[i] = fitted - points.get(i).delayPs();
            rel[i] = fitted / points.get(i).delayPs() - 1;
        }
        return new AlphaPowerFit(law, new ArrayList<>(points), res, rel, n - params, fixed);
    }
}
