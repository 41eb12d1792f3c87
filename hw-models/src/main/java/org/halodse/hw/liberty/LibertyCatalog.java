package org.halodse.hw.liberty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a Liberty argument: a path, or a short name of a known library. Libraries are named,
 * never bundled: the OSU cells come from Debian's qflow-tech packages, NanGate45 from a folder
 * the user has (HALO_PDK_DIR, or ../shared/pdk next to the checkout).
 */
public final class LibertyCatalog {
    private static final Map<String, String[]> OSU = new LinkedHashMap<>();
    static {
        OSU.put("osu018", new String[] {"qflow-tech-osu018", "/usr/share/qflow/tech/osu018/osu018_stdcells.lib"});
        OSU.put("osu035", new String[] {"qflow-tech-osu035", "/usr/share/qflow/tech/osu035/osu035_stdcells.lib"});
        OSU.put("osu050", new String[] {"qflow-tech-osu050", "/usr/share/qflow/tech/osu050/osu05_stdcells.lib"});
    }
    private static final Map<String, String> NANGATE = Map.of(
        "nangate45-typ", "nangate45_typ.lib.gz",
        "nangate45-slow", "nangate45_slow.lib.gz",
        "nangate45-fast", "nangate45_fast.lib.gz");

    private LibertyCatalog() {
    }

    /** The short names this catalog knows. */
    public static List<String> knownNames() {
        List<String> l = new ArrayList<>(OSU.keySet());
        l.addAll(List.of("nangate45-typ", "nangate45-slow", "nangate45-fast"));
        return l;
    }

    /**
     * The file for {@code nameOrPath}.
     *
     * @param flag the option it came from, for messages (e.g. "--liberty")
     */
    public static Path resolve(String nameOrPath, String flag) {
        String[] osu = OSU.get(nameOrPath);
        if (osu != null) {
            Path p = Path.of(osu[1]);
            if (!Files.isRegularFile(p)) {
                throw new InputException(flag + " " + nameOrPath + ": " + p + " is missing; install it with 'apt-get install " + osu[0] + "' or give the path of a .lib file");
            }
            return p;
        }
        String ng = NANGATE.get(nameOrPath);
        if (ng != null) {
            List<Path> dirs = pdkDirs();
            for (Path d : dirs) {
                Path p = d.resolve(ng);
                if (Files.isRegularFile(p)) return p;
                Path plain = d.resolve(ng.substring(0, ng.length() - 3));
                if (Files.isRegularFile(plain)) return plain;
            }
            throw new InputException(flag + " " + nameOrPath + ": " + ng + " not found in " + dirs
                + "; set HALO_PDK_DIR to the folder that holds the NanGate45 Liberty files, or give a path");
        }
        Path p = Path.of(nameOrPath);
        if (Files.isRegularFile(p)) return p;
        if (!nameOrPath.contains("/") && !nameOrPath.contains(".")) {
            throw new InputException(flag + " '" + nameOrPath + "': unknown library name, expected a path to a .lib/.lib.gz file or one of " + knownNames());
        }
        throw new InputException(flag + " " + nameOrPath + ": no such file, expected a Liberty .lib or .lib.gz file or one of " + knownNames());
    }

    private static List<Path> pdkDirs() {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("HALO_PDK_DIR");
        if (env != null && !env.isBlank()) dirs.add(Path.of(env));
        String home = System.getProperty("halo.home");
        if (home != null) dirs.add(Path.of(home).toAbsolutePath().normalize().resolveSibling("shared").resolve("pdk"));
        Path cwd = Path.of("").toAbsolutePath();
        for (Path d = cwd; d != null; d = d.getParent()) {
            Path cand = d.resolveSibling("shared").resolve("pdk");
            if (d.getParent() != null && !dirs.contains(cand)) dirs.add(cand);
            if (dirs.size() > 6) break;
        }
        return dirs;
    }
}
