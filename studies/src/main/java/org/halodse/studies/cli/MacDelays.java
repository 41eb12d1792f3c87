package org.halodse.studies.cli;

import org.halodse.hw.liberty.InputException;
import org.halodse.hw.liberty.LibertyCatalog;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;
import org.halodse.hw.timing.BoundaryConditions;
import org.halodse.hw.timing.StaticTimer;
import org.halodse.hw.timing.WeightDelayProfile;
import org.halodse.hw.timing.WeightSweep;

/** Characterizes a generated MAC for the profile commands: the delay of every INT8 weight value. */
final class MacDelays {
    private MacDelays() {
    }

    record Result(WeightDelayProfile profile, String description) {
    }

    static Result characterize(String liberty, MacOptions mac) {
        if (mac.arch == null) mac.arch = "array";
        if (mac.weightBits != 8) throw new InputException("--weight-bits " + mac.weightBits + ": the quantizers choose INT8 values; expected 8");
        var libPath = LibertyCatalog.resolve(liberty, "--liberty");
        LibertyLibrary lib = LibertyReader.read(libPath);
        var circuit = mac.generate(lib);
        WeightDelayProfile p = WeightSweep.run(new StaticTimer(circuit, BoundaryConditions.betweenRegisters(lib)), "w", true);
        return new Result(p, circuit.name() + " on " + lib.name() + " (" + libPath + "), " + mac.pipeline + " pipeline");
    }
}
