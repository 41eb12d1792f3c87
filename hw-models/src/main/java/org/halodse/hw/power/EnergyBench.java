package org.halodse.hw.power;

import java.nio.file.Path;
import java.util.Locale;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.netlist.mac.MacGenerator;
import org.halodse.hw.netlist.mac.MacSpec;
import org.halodse.hw.timing.BoundaryConditions;
import org.halodse.hw.timing.StaticTimer;

/**
 * Benchmark of the speed target (256 weights x 10,000 samples on the 8x8 MAC), kept out of
 * the test suite because wall-clock limits make flaky tests. Run:
 * {@code java -cp hw-models/target/classes org.halodse.hw.power.EnergyBench [LIB] [samples] [glitch|glitch-inertial]}; with
 * {@code glitch}, the glitch-aware (timed) mode instead (transport or inertial delay), and its energies over the zero-delay ones.
 */
public final class EnergyBench {
    private EnergyBench() { }

    public static void main(String[] args) {
        Path libPath = Path.of(args.length > 0 ? args[0] : "/usr/share/qflow/tech/osu018/osu018_stdcells.lib");
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        boolean glitch = args.length > 2 && args[2].startsWith("glitch");
        GlitchSimulator.DelayModel dm = args.length > 2 && args[2].equals("glitch-inertial") ? GlitchSimulator.DelayModel.INERTIAL : GlitchSimulator.DelayModel.TRANSPORT;
        LibertyLibrary lib = LibertyReader.read(libPath);
        MacSpec[] specs = {
            MacSpec.booth(8, 8, 24, MacSpec.Tree.DADDA, MacSpec.Adder.KOGGE_STONE, MacSpec.Pipeline.FUSED),
            MacSpec.array(8, 8, 24, MacSpec.Adder.RIPPLE, MacSpec.Pipeline.FUSED),
            MacSpec.booth(8, 8, 24, MacSpec.Tree.DADDA, MacSpec.Adder.KOGGE_STONE, MacSpec.Pipeline.REGISTERED_PRODUCT),
            MacSpec.array(8, 8, 24, MacSpec.Adder.RIPPLE, MacSpec.Pipeline.REGISTERED_PRODUCT),
        };
        System.out.println("cores " + Runtime.getRuntime().availableProcessors() + ", library " + lib.name() + ", samples " + samples);
        for (MacSpec spec : specs) {
            Netlist n = MacGenerator.generate(spec, lib);
            StaticTimer timer = new StaticTimer(n, BoundaryConditions.betweenRegisters(lib));
            double period = timer.analyze().worstDelay();
            EnergyModel model = new EnergyModel(timer, lib.nominalVoltage(), period);
            ToggleSimulator sim = new ToggleSimulator(n, MacStimulus.generated().resolve(n, true));
            GlitchSimulator gsim = glitch ? new GlitchSimulator(timer, MacStimulus.generated().resolve(n, true), dm) : null;
            for (String act : new String[] {"uniform", "gaussian:20"}) {
                for (int rep = 0; rep < 3; rep++) { // the first runs warm the JIT
                    if (glitch && rep < 2) continue;
                    long t0 = System.nanoTime();
                    WeightEnergyProfile p = glitch ? WeightEnergyProfiler.run(gsim, model, ActivationModel.parse(act), samples, 1)
                        : WeightEnergyProfiler.run(sim, model, ActivationModel.parse(act), samples, 1);
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (rep < 2) continue;
                    if (glitch) {
                        WeightEnergyProfile z = WeightEnergyProfiler.run(sim, model, ActivationModel.parse(act), samples, 1);
                        double lo = Double.MAX_VALUE, hi = 0, sg = 0, sz = 0;
                        for (int w = p.minWeight(); w <= p.maxWeight(); w++) {
                            double r = p.energy(w).totalFj() / z.energy(w).totalFj();
                            lo = Math.min(lo, r);
                            hi = Math.max(hi, r);
                            sg += p.energy(w).totalFj();
                            sz += z.energy(w).totalFj();
                        }
                        System.out.printf(Locale.ROOT, "%-40s %-12s glitch mode (%s) %.2f s; glitch/zero-delay energy: mean %.3f, per weight %.3f..%.3f%n",
                            spec.moduleName(), act, dm, s, sg / sz, lo, hi);
                    }
                    int lo = 1, hi = 1;
                    for (int w = p.minWeight(); w <= p.maxWeight(); w++) {
                        if (w == 0) continue;
                        if (p.energy(w).totalFj() < p.energy(lo).totalFj()) lo = w;
                        if (p.energy(w).totalFj() > p.energy(hi).totalFj()) hi = w;
                    }
                    System.out.printf(Locale.ROOT, "%-40s %-12s %5d cells  %.2f s  w=0 %.1f fJ  min w=%d %.1f fJ  max w=%d %.1f fJ  spread %.2fx  (leak %.3f fJ, period %.0f ps)%n",
                        spec.moduleName(), act, n.instances().size(), s, p.energy(0).totalFj(), lo, p.energy(lo).totalFj(), hi, p.energy(hi).totalFj(),
                        p.spread(), p.energy(1).leakageFj(), period);
                }
            }
        }
    }
}
