package org.halodse.dse.checkpoint;

import java.util.List;
import org.halodse.dse.pareto.Archive;

/**
 * The whole state of a generational search between two generations: a fingerprint of the run's
 * settings (a resume with other settings is refused), the generation, the random generator's
 * state, a stall counter, the archive (every evaluation, in order; it is also the evaluation cache)
 * and the population as indices into the archive.
 */
public record Checkpoint(String fingerprint, long generation, long randomState, long stall, Archive archive, int[] population) {
    public Checkpoint {
        population = population.clone();
    }

    public List<Archive.Entry> populationEntries() {
        List<Archive.Entry> all = archive.all();
        return java.util.Arrays.stream(population).mapToObj(all::get).toList();
    }
}
