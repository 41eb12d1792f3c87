package org.halodse.hw.liberty;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One group of the Liberty syntax tree, e.g. {@code cell (NAND2X1) { ... }}, with its simple
 * attributes ({@code name : value;}), complex attributes ({@code name (v1, v2);}) and subgroups,
 * in file order. Line numbers are kept so every error can name the line.
 */
public final class LibertyGroup {
    /** A simple or complex attribute: its values are the unquoted tokens or strings. */
    public record Attribute(String name, List<String> values, int line, boolean complex) {
        public String value() {
            return values.isEmpty() ? "" : values.get(0);
        }
    }

    private final String type;
    private final List<String> args;
    private final int line;
    private final List<Attribute> attributes = new ArrayList<>();
    private final List<LibertyGroup> groups = new ArrayList<>();

    LibertyGroup(String type, List<String> args, int line) {
        this.type = type;
        this.args = List.copyOf(args);
        this.line = line;
    }

    public String type() { return type; }
    public List<String> args() { return args; }
    public String name() { return args.isEmpty() ? "" : args.get(0); }
    public int line() { return line; }
    public List<Attribute> attributes() { return Collections.unmodifiableList(attributes); }
    public List<LibertyGroup> groups() { return Collections.unmodifiableList(groups); }

    void add(Attribute a) { attributes.add(a); }
    void add(LibertyGroup g) { groups.add(g); }

    public Attribute attribute(String name) {
        Attribute found = null;
        for (Attribute a : attributes) {
            if (a.name().equals(name)) found = a; // last one wins, as in Liberty readers
        }
        return found;
    }

    public String string(String name) {
        Attribute a = attribute(name);
        return a == null ? null : a.value();
    }

    public List<LibertyGroup> groups(String groupType) {
        List<LibertyGroup> out = new ArrayList<>();
        for (LibertyGroup g : groups) if (g.type().equals(groupType)) out.add(g);
        return out;
    }

    public LibertyGroup group(String groupType) {
        for (LibertyGroup g : groups) if (g.type().equals(groupType)) return g;
        return null;
    }
}
