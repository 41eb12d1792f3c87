package org.halodse.scaleout;

import java.nio.file.Path;
import java.util.List;

/**
 * A sweep read and checked: its name, the folder its cells go to, the cells (every one validated
 * as a study before any runs), the model files executors must read, and the accuracy budgets of
 * the report.
 */
public record SweepPlan(String name, Path sweepFile, Path outDir, List<SweepCell> cells, List<String> modelFiles, List<Budget> budgets) {
    public SweepPlan {
        cells = List.copyOf(cells);
        modelFiles = List.copyOf(modelFiles);
        budgets = List.copyOf(budgets);
    }

    /**
     * An accuracy budget: front points whose accuracy objective is at most {@code value}, or, when
     * {@code baseline} is set, at most that baseline's accuracy in the same cell (e.g. "as accurate
     * as INT4 round-to-nearest").
     */
    public record Budget(String baseline, Double value) {
        public String label() {
            return baseline != null ? "<= " + baseline : "<= " + value;
        }
    }
}
