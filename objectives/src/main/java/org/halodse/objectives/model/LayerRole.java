package org.halodse.objectives.model;

/** What a linear layer does in a transformer block; names as the architectures call them. */
public enum LayerRole {
    QUERY, KEY, VALUE, ATTENTION_OUTPUT,
    /** BERT intermediate / OPT fc1 / Llama up_proj. */
    FFN_UP,
    /** Llama gate_proj. */
    FFN_GATE,
    /** BERT output / OPT fc2 / Llama down_proj. */
    FFN_DOWN,
    OTHER
}
