package org.halodse.studies.run;

import java.util.List;
import org.halodse.objectives.model.LinearLayer;
import org.halodse.objectives.profile.ModelProfile;
import org.halodse.objectives.profile.Profiler;
import org.halodse.objectives.proxy.ChannelStats;
import org.halodse.objectives.quant.QuantOption;

/**
 * Where a model's layer profile is computed. The plain engine is this process's
 * {@link Profiler#run}; others (the Spark engine of the scaleout module) are found with
 * {@link java.util.ServiceLoader}, so studies does not depend on them. Every engine must return the
 * same tables as the plain one, bit for bit (only {@link ModelProfile#seconds()}, the wall time,
 * differs).
 */
public interface ProfileEngine {
    /** The name {@code --engine} selects it by. */
    String name();

    ModelProfile profile(Job job, Profiler.Progress progress);

    /**
     * One profile to compute. {@code modelRef}: how a process that has nothing but this string opens
     * the model (a built-in name, a synthetic preset, or an absolute path every executor can read);
     * {@code master}: the engine's cluster address, or null for its default.
     */
    record Job(String key, String modelRef, String modelName, boolean synthetic, List<LinearLayer> layers, ChannelStats stats,
               double[] delayPs, List<QuantOption> options, Profiler.Settings settings, String master) {
    }

    /** This process, on {@code settings.threads()} threads. */
    ProfileEngine PLAIN = new ProfileEngine() {
        @Override
        public String name() {
            return "plain";
        }

        @Override
        public ModelProfile profile(Job j, Profiler.Progress progress) {
            double[] d = j.delayPs();
            return new Profiler(w -> d[w + 128], j.settings()).run(j.key(), j.modelName(), j.synthetic(), j.layers(), j.stats(), j.options(), progress);
        }
    };

    /** The engine named {@code name}: plain, or one on the classpath. */
    static java.util.Optional<ProfileEngine> named(String name) {
        if (PLAIN.name().equals(name)) return java.util.Optional.of(PLAIN);
        for (ProfileEngine e : java.util.ServiceLoader.load(ProfileEngine.class)) if (e.name().equals(name)) return java.util.Optional.of(e);
        return java.util.Optional.empty();
    }

    /**
     * The string that opens {@code spec} in another process: built-in and preset names as they are,
     * a path made absolute (an executor's working folder is not the driver's).
     */
    static String reference(String spec) {
        String key = spec.strip().toLowerCase(java.util.Locale.ROOT);
        if (org.halodse.objectives.model.ModelCatalog.BUILTINS.stream().anyMatch(b -> b.name().equals(key))) return key;
        if (org.halodse.objectives.model.SyntheticModel.Preset.byName(key) != null) return key;
        return java.nio.file.Path.of(spec.strip()).toAbsolutePath().normalize().toString();
    }
}
