package org.halodse.hw.netlist.mac;

import java.nio.file.Files;
import java.nio.file.Path;
import org.halodse.hw.liberty.LibertyLibrary;
import org.halodse.hw.liberty.LibertyReader;

/** The cell libraries the MAC tests use, each read once. */
final class MacTestLibraries {
    static final Path OSU018 = Path.of("/usr/share/qflow/tech/osu018/osu018_stdcells.lib");
    static final Path NANGATE45 = Path.of(System.getenv().getOrDefault("HALO_PDK_DIR", "/work/shared/pdk"), "nangate45_typ.lib.gz");

    private static LibertyLibrary osu;
    private static LibertyLibrary nangate;

    private MacTestLibraries() { }

    static synchronized LibertyLibrary osu018() {
        if (osu == null) osu = LibertyReader.read(OSU018);
        return osu;
    }

    static boolean hasNangate() { return Files.isReadable(NANGATE45); }

    static synchronized LibertyLibrary nangate45() {
        if (nangate == null) nangate = LibertyReader.read(NANGATE45);
        return nangate;
    }

    /** A library of only an inverter, a NAND2 and a D flip-flop, plus {@code extraCells} (Liberty text). */
    static LibertyLibrary minimal(String name, boolean withInverter, boolean withFlipFlop, String extraCells) {
        StringBuilder s = new StringBuilder("library (" + name + ") {\n");
        if (withInverter) s.append("""
              cell (MYINV) { area : 2;
                pin (I) { direction : input; capacitance : 0.001; }
                pin (ZN) { direction : output; function : "!I"; } }
            """);
        s.append("""
              cell (MYNAND) { area : 3;
                pin (A1) { direction : input; capacitance : 0.001; }
                pin (A2) { direction : input; capacitance : 0.001; }
                pin (ZN) { direction : output; function : "!(A1 & A2)"; } }
            """);
        if (withFlipFlop) s.append("""
              cell (MYDFF) { area : 10;
                ff (IQ, IQN) { next_state : "D"; clocked_on : "CK"; }
                pin (D) { direction : input; capacitance : 0.001; }
                pin (CK) { direction : input; clock : true; capacitance : 0.001; }
                pin (Q) { direction : output; function : "IQ"; }
                pin (QN) { direction : output; function : "IQN"; } }
            """);
        s.append(extraCells).append("}\n");
        return LibertyReader.read(name + ".lib", s.toString());
    }
}
