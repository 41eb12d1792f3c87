package org.halodse.objectives.profile;

import java.util.List;

/**
 * One option on one layer. {@code proxy} = {@code error} / {@code energy} (see
 * {@link org.halodse.objectives.proxy.LayerError}); {@code ciLow}/{@code ciHigh}: the 95%
 * confidence interval of the proxy when the layer was row-sampled (null otherwise). Bytes: the
 * dense codes, the metadata (scales, zero points, codebooks) and the sparse side matrix.
 */
public record OptionRow(String option, double proxy, double error, double energy, Double ciLow, Double ciHigh,
                        long bytes, long denseBytes, long metaBytes, long sparseBytes, int sparseCount,
                        long zeroPointOpsPerToken, List<ClassRow> classes) {
}
