package org.halodse.studies.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * A study file, as plain data (YAML or JSON): what to quantize, on which chip and MAC, the design
 * space, the objectives and constraints, and how to search. Absent values take the defaults of
 * {@link StudyDefaults}; the run directory keeps the resolved study with every default written out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StudyConfig(
    @JsonProperty(required = true) @JsonPropertyDescription("Name of the study; the run directory is runs/<name> unless output is given.") String name,
    @JsonProperty(required = true) @JsonPropertyDescription("The model whose linear layers are quantized.") Model model,
    @JsonPropertyDescription("Activation statistics for the accuracy proxy.") Calibration calibration,
    @JsonProperty(required = true) @JsonPropertyDescription("The chip: a preset name or a chip file.") Chip chip,
    @JsonProperty(required = true) @JsonPropertyDescription("The MAC circuit and the cell library it is characterized on.") Mac mac,
    @JsonPropertyDescription("The inference to cost.") Workload workload,
    @JsonPropertyDescription("The design space searched per layer group.") Space space,
    @JsonPropertyDescription("Two or three objectives, all minimized.") List<Objective> objectives,
    @JsonPropertyDescription("Hard limits on front points.") Constraints constraints,
    @JsonPropertyDescription("Search algorithm, budget and seed.") Search search,
    @JsonPropertyDescription("Run directory (default runs/<name>).") String output) {

    /** Model: a built-in name (minilm-l6, bge-small, llama2-7b, llama2-13b, llama3-8b, opt-6.7b) or a path. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(
        @JsonProperty(required = true) @JsonPropertyDescription("Built-in model name or a path to .onnx, .safetensors, or a folder with model.safetensors.index.json.") String source) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Calibration(
        @JsonPropertyDescription("europarl (real English text), file, or uniform.") CalibrationSource source,
        @JsonPropertyDescription("Number of sentences for a text source.") Integer sentences,
        @JsonPropertyDescription("JSON file of per-layer E[x^2] when source is file.") String path) {
    }

    public enum CalibrationSource {
        @JsonProperty("europarl") EUROPARL, @JsonProperty("file") FILE, @JsonProperty("uniform") UNIFORM
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Chip(
        @JsonPropertyDescription("Preset name, e.g. edge-npu, tpu-v1, tpu-v4, rtx-2080ti.") String preset,
        @JsonPropertyDescription("Path of a chip file (YAML or JSON) instead of a preset.") String file) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Mac(
        @JsonProperty(required = true) @JsonPropertyDescription("Liberty file or known name: osu018, osu035, osu050, nangate45-typ|slow|fast.") String liberty,
        @JsonPropertyDescription("Generated multiplier: array (Baugh-Wooley) or booth (radix-4).") MacArch arch,
        @JsonPropertyDescription("Booth partial-product tree.") MacTree tree,
        @JsonPropertyDescription("Accumulator adder.") MacAdder adder,
        @JsonPropertyDescription("fused (one stage) or registered-product (product registered before the adder).") MacPipeline pipeline,
        @JsonPropertyDescription("Weight width, 4 or 8.") Integer weightBits,
        @JsonPropertyDescription("Activation width, 4 or 8.") Integer activationBits,
        @JsonPropertyDescription("Accumulator width.") Integer accBits,
        @JsonPropertyDescription("Your own MAC: flat structural Verilog (instead of arch).") String netlist,
        @JsonPropertyDescription("Top module of netlist.") String top,
        @JsonPropertyDescription("Input port holding the weight.") String weightPort) {
    }

    public enum MacArch { @JsonProperty("array") ARRAY, @JsonProperty("booth") BOOTH }

    public enum MacTree { @JsonProperty("wallace") WALLACE, @JsonProperty("dadda") DADDA }

    public enum MacAdder { @JsonProperty("ripple") RIPPLE, @JsonProperty("kogge-stone") KOGGE_STONE, @JsonProperty("brent-kung") BRENT_KUNG }

    public enum MacPipeline { @JsonProperty("fused") FUSED, @JsonProperty("registered-product") REGISTERED_PRODUCT }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Workload(
        @JsonPropertyDescription("Prompt tokens processed in prefill.") Integer prefillTokens,
        @JsonPropertyDescription("Tokens generated one at a time in decode.") Integer decodeTokens,
        @JsonPropertyDescription("Sequences in a batch.") Integer batch) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Space(
        @JsonPropertyDescription("Decisions per layer, per block (transformer layer) or per layer type (q, k, v, o, up, gate, down).") Granularity granularity,
        @JsonPropertyDescription("Codebook index widths to choose from (bits per weight), 2 to 8.") List<Integer> bits,
        @JsonPropertyDescription("Delay thresholds of the fast class, as fractions of the slowest weight's delay (0 < t <= 1).") List<Double> delayThresholds,
        @JsonPropertyDescription("Tile edge (weights) of the array mapping, e.g. 32, 64, 128.") Integer tileSize,
        @JsonPropertyDescription("Shares of tiles in the fast class (0 to 1).") List<Double> classShares,
        @JsonPropertyDescription("Fractions of weights kept in the sparse INT8 side matrix (0 to 0.05).") List<Double> sparseFractions,
        @JsonPropertyDescription("Indices into the chip's DVFS levels the search may use (default: all).") List<Integer> dvfsLevels,
        @JsonPropertyDescription("At most this many distinct DVFS levels in one inference.") Integer maxLevels,
        @JsonPropertyDescription("At most this many DVFS switches in one inference.") Integer maxSwitches) {
    }

    public enum Granularity { @JsonProperty("layer") LAYER, @JsonProperty("block") BLOCK, @JsonProperty("layer-type") LAYER_TYPE }

    public enum Objective { @JsonProperty("latency") LATENCY, @JsonProperty("energy") ENERGY, @JsonProperty("accuracy") ACCURACY }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Constraints(
        @JsonPropertyDescription("Largest accepted value of the accuracy objective: the predicted fidelity loss (1 - cosine) when the profile carries a calibration curve (halo proxy-check), else the summed proxy.") Double maxAccuracyLoss,
        @JsonPropertyDescription("Power cap in watts.") Double powerCapW) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Search(
        @JsonPropertyDescription("nsga2, exact, random, or nsga2+exact (NSGA-II seeded and certified by the exact solver).") Algorithm algorithm,
        @JsonPropertyDescription("Evaluation budget.") Integer evaluations,
        @JsonPropertyDescription("NSGA-II population size.") Integer population,
        @JsonPropertyDescription("Random seed; the same seed gives the same front for any thread count.") Long seed,
        @JsonPropertyDescription("Worker threads (default: available cores).") Integer threads,
        @JsonPropertyDescription("NSGA-II surrogate pre-selection: children drawn per child evaluated, ranked by an additive model of the objectives fitted to everything evaluated (0 or 1: off; default 4; used where the genes have at most 2048 values in all).") Integer preselection) {
    }

    public enum Algorithm { @JsonProperty("nsga2") NSGA2, @JsonProperty("exact") EXACT, @JsonProperty("random") RANDOM, @JsonProperty("nsga2+exact") NSGA2_EXACT }
}
