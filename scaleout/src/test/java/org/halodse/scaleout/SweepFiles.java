package org.halodse.scaleout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small base study and sweep for tests: a tiny synthetic checkpoint, small search budgets. */
final class SweepFiles {
    private SweepFiles() {
    }

    /** Writes tiny.safetensors, base.yaml and sweep.yaml (chips x MACs as given) into {@code dir}; returns the sweep file. */
    static Path write(Path dir, String chips, String macs) throws IOException {
        TestModelFiles.llama(dir.resolve("tiny.safetensors"), 2, 128, 344, 11);
        Files.writeString(dir.resolve("base.yaml"), """
            name: tiny
            model: {source: tiny.safetensors}
            calibration: {source: uniform}
            chip: {preset: edge-npu}
            mac: {liberty: osu018, arch: booth, tree: dadda, adder: kogge-stone, pipeline: registered-product}
            workload: {prefillTokens: 64, decodeTokens: 0, batch: 4}
            space: {granularity: layer, bits: [3, 4], delayThresholds: [0.9], tileSize: 32, classShares: [0.5, 0.9], sparseFractions: [0.0], maxLevels: 3, maxSwitches: 8}
            objectives: [latency, energy, accuracy]
            search: {algorithm: nsga2, evaluations: 400, population: 40, seed: 3}
            """);
        Path sweep = dir.resolve("sweep.yaml");
        Files.writeString(sweep, "name: small\nbase: base.yaml\noverride:\n  search: {evaluations: 300}\naxes:\n  chip: " + chips + "\n  mac: " + macs
            + "\n  model: [tiny.safetensors]\nbudgets: [int8-rtn, int4-rtn]\n");
        return sweep;
    }
}
