package org.halodse.hw.perf;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a decoder-only transformer: blocks, hidden size, heads (query and key/value),
 * feed-forward size, vocabulary, and whether the feed-forward is gated (LLaMA: gate, up, down)
 * or plain (OPT: fc1, fc2).
 */
public record LlmShape(String name, int blocks, int hidden, int heads, int kvHeads, int ffn, int vocab, boolean gated) {
    public LlmShape {
        if (blocks <= 0 || hidden <= 0 || heads <= 0 || kvHeads <= 0 || ffn <= 0 || vocab <= 0 || hidden % heads != 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException(name + ": bad shape");
        }
    }

    public static final LlmShape LLAMA2_7B = new LlmShape("llama-2-7b", 32, 4096, 32, 32, 11008, 32000, true);
    public static final LlmShape LLAMA2_13B = new LlmShape("llama-2-13b", 40, 5120, 40, 40, 13824, 32000, true);
    public static final LlmShape OPT_1_3B = new LlmShape("opt-1.3b", 24, 2048, 32, 32, 8192, 50272, false);

    public int headDim() { return hidden / heads; }

    /** One block's linear layers (name, K, N) in execution order. */
    public List<int[]> blockLinears() {
        int kv = kvHeads * headDim();
        List<int[]> l = new ArrayList<>();
        l.add(new int[] {hidden, hidden});  // q
        l.add(new int[] {hidden, kv});      // k
        l.add(new int[] {hidden, kv});      // v
        l.add(new int[] {hidden, hidden});  // o
        if (gated) {
            l.add(new int[] {hidden, ffn}); // gate
            l.add(new int[] {hidden, ffn}); // up
            l.add(new int[] {ffn, hidden}); // down
        } else {
            l.add(new int[] {hidden, ffn}); // fc1
            l.add(new int[] {ffn, hidden}); // fc2
        }
        return l;
    }

    public List<String> blockLinearNames() {
        return gated ? List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
            : List.of("q_proj", "k_proj", "v_proj", "out_proj", "fc1", "fc2");
    }

    /** Every linear layer of the model (blocks x linears; the LM head is separate). */
    public int linearCount() {
        return blocks * blockLinears().size();
    }
}
