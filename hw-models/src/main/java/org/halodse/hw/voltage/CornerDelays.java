package org.halodse.hw.voltage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;
import org.halodse.hw.netlist.Netlist;
import org.halodse.hw.timing.BoundaryConditions;
import org.halodse.hw.timing.StaticTimer;
import org.halodse.hw.timing.WeightDelayProfile;
import org.halodse.hw.timing.WeightSweep;

/**
 * Delays of one MAC at each library corner, as (nom_voltage, delay) points for the alpha-power
 * fit: the worst-weight delay (the clock the slowest weight value allows) by case analysis, with
 * the library's D flip-flop driving the inputs and loading the outputs. Corners such as NanGate45's
 * slow / typical / fast also differ in process and temperature, so a law fitted through them lumps
 * those effects into k, Vth and alpha: it describes "the corner at that voltage", not the chip at
 * that voltage and a fixed temperature; {@link #CAVEAT} says so in reports.
 */
public final class CornerDelays {
    public static final String CAVEAT = "the corners differ in process and temperature as well as voltage, so the fitted k, Vth and alpha"
        + " lump all three: they interpolate between corners, not the supply alone at one process and temperature";

    /** The delay of one corner, with what the library says about its operating point. */
    public record Corner(Path liberty, String library, double volts, double temperature, double process,
                         double worstDelayPs, double unconstrainedDelayPs) {
        public VoltageDelay point() {
            return new VoltageDelay(volts, worstDelayPs, String.format(Locale.ROOT, "%s (%.2f V, %.0f C, process %.2f)", library, volts, temperature, process));
        }
    }

    private CornerDelays() { }

    /**
     * @param netlistFor builds the MAC on a library (generated anew per corner: each corner links its own cells)
     */
    public static List<Corner> measure(List<Path> libraries, Function<LibertyLibrary, Netlist> netlistFor, String weightPort) {
        List<Corner> out = new ArrayList<>();
        for (Path p : libraries) {
            LibertyLibrary lib = LibertyReader.read(p);
            Netlist n = netlistFor.apply(lib);
            StaticTimer timer = new StaticTimer(n, BoundaryConditions.betweenRegisters(lib));
            WeightDelayProfile prof = WeightSweep.run(timer, weightPort, true);
            out.add(new Corner(p, lib.name(), lib.nominalVoltage(), lib.nominalTemperature(), lib.nominalProcess(),
                prof.worstDelay(), prof.unconstrainedDelay()));
        }
        return out;
    }
}
