package org.halodse.hw.perf;

import java.util.List;

/**
 * Prefill of P tokens, then decode of D tokens, at batch B, over every linear layer of a model,
 * with the attention matrix products and the other operations counted at the nominal level.
 *
 * <ul>
 *   <li>Linear layers: prefill M = B x P, decode M = B per step; each layer with its own tile
 *       classes and levels (in execution order), the LM head included (given or plain INT8).</li>
 *   <li>Attention per block, per sequence and query head: QK^T (M = query tokens, K = head dim,
 *       N = context) and AV (M = query tokens, K = context, N = head dim), on the array at the
 *       nominal level (their "weights" are activations, so any value can occur), the K/V operands
 *       read from off-chip at {@code kvBits}. Decode step t attends to P + t + 1 positions.</li>
 *   <li>Other operations per token per block, on the vector unit at the nominal clock: two RMS/layer
 *       norms (5 h ops each), softmax (5 ops per score), the feed-forward activation (gated: 6 ffn;
 *       plain: 4 ffn), two residual adds (h each), RoPE (6 ops per q/k element); plus the final
 *       norm and the LM head's softmax (5 vocab) per token.</li>
 *   <li>DVFS: the level carries from layer to layer; entering attention from another level is a
 *       switch (one clock domain).</li>
 * </ul>
 */
public final class LlmWorkload {
    private LlmWorkload() {
    }

    /**
     * @param linears  the block linear layers, {@code shape.linearCount()} of them in execution
     *                 order (block-major), each with its classes
     * @param levels   per linear layer, the level of each class
     * @param lmHead   the LM head (hidden x vocab), or null for a plain INT8 one at the nominal level
     */
    public static WorkloadCost evaluate(ChipModel c, LlmShape shape, List<LinearLayer> linears, List<int[]> levels,
                                        LinearLayer lmHead, int prefill, int decode, int batch, int kvBits) {
        if (linears.size() != shape.linearCount() || levels.size() != linears.size()) {
            throw new IllegalArgumentException("expected " + shape.linearCount() + " linear layers and levels, got " + linears.size() + "/" + levels.size());
        }
        LinearLayer head = lmHead != null ? lmHead : LinearLayer.uniform("lm_head", shape.hidden(), shape.vocab(), c.defaultMacJ * 1e15);
        int[] headLevels = lmHead != null ? new int[head.classes().size()] : new int[] {c.nominalLevel};
        if (lmHead != null) {
            for (int i = 0; i < headLevels.length; i++) headLevels[i] = c.fastestSafeLevel(head.classes().get(i).delayRatio());
        }
        Acc pre = new Acc();
        pass(c, shape, linears, levels, head, headLevels, (long) batch * prefill, prefill, 0, batch, kvBits, pre, -1);
        double prefillT = pre.t;
        Acc dec = new Acc();
        int level = pre.level;
        // decode steps: the linear part is the same each step; attention grows with the context
        for (int s = 0; s < decode; s++) {
            Acc step = new Acc();
            pass(c, shape, linears, levels, head, headLevels, batch, 1, prefill + s, batch, kvBits, step, level);
            level = step.level;
            dec.add(step);
        }
        Acc all = new Acc();
        all.add(pre);
        all.add(dec);
        return new WorkloadCost(all.t, all.e(), all.linT, all.linE, all.attT, all.attE, all.othT, all.othE,
            all.switches, prefillT, dec.t);
    }

    private static final class Acc {
        double linT, linE, attT, attE, othT, othE, t;
        long switches;
        int level = -1;

        double e() { return linE + attE + othE; }

        void add(Acc o) {
            linT += o.linT; linE += o.linE; attT += o.attT; attE += o.attE; othT += o.othT; othE += o.othE;
            t += o.t;
            switches += o.switches;
        }

        void lin(LayerCost lc) { linT += lc.seconds(); linE += lc.energyJ(); t += lc.seconds(); switches += lc.switches(); level = lc.lastLevel(); }

        void att(LayerCost lc, double times) {
            attT += lc.seconds() * times; attE += lc.energyJ() * times; t += lc.seconds() * times;
            switches += lc.switches(); level = lc.lastLevel();
        }
    }

    /** One pass over the model for {@code q} new tokens per sequence attending to {@code past} earlier ones. */
    private static void pass(ChipModel c, LlmShape s, List<LinearLayer> linears, List<int[]> levels, LinearLayer head,
                             int[] headLevels, long m, int q, int past, int batch, int kvBits, Acc acc, int level) {
        int per = s.blockLinears().size();
        int hd = s.headDim();
        int ctx = past + q;
        acc.level = level;
        for (int b = 0; b < s.blocks(); b++) {
            for (int i = 0; i < per; i++) {
                int idx = b * per + i;
                LayerCost lc = LayerModel.evaluate(c, linears.get(idx), m, levels.get(idx), acc.level);
                acc.lin(lc);
                if (i == 2) { // after q, k, v: attention
                    double heads = (double) batch * s.heads();
                    LayerCost qk = LayerModel.nominalGemm(c, q, hd, ctx, kvBits, acc.level);
                    acc.att(qk, 1);
                    LayerCost qk2 = LayerModel.nominalGemm(c, q, hd, ctx, kvBits, c.nominalLevel);
                    acc.att(qk2, heads - 1);
                    LayerCost av = LayerModel.nominalGemm(c, q, ctx, hd, kvBits, c.nominalLevel);
                    acc.att(av, heads);
                    other(c, acc, (double) batch * q * s.heads() * ctx * 5.0);
                }
            }
            double tokens = (double) m;
            double kvDim = (double) s.kvHeads() * hd;
            other(c, acc, tokens * (2 * 5.0 * s.hidden() + (s.gated() ? 6.0 : 4.0) * s.ffn() + 2.0 * s.hidden()
                + 6.0 * (s.hidden() + kvDim)));
        }
        LayerCost lc = LayerModel.evaluate(c, head, m, headLevels, acc.level);
        acc.lin(lc);
        other(c, acc, (double) m * (5.0 * s.hidden() + 5.0 * s.vocab()));
    }

    private static void other(ChipModel c, Acc acc, double ops) {
        double t = ops / c.vectorOpsPerSec;
        double e = ops * c.vectorJPerOp + t * c.staticNomW;
        acc.othT += t;
        acc.othE += e;
        acc.t += t;
    }
}
