package org.halodse.hw.liberty;

import java.util.List;

/**
 * A Liberty Boolean function ({@code function}, {@code when}, {@code next_state}) over a fixed list
 * of variables (the cell's pins, plus the state variables of a flip-flop). Precedence as the
 * Liberty reference gives it: inversion ({@code !}, postfix {@code '}) first, then XOR, then AND
 * ({@code &}, {@code *}, or juxtaposition), then OR ({@code |}, {@code +}).
 *
 * <p>Functions of at most six variables are also held as a 64-bit truth table, which makes
 * three-valued evaluation (constant propagation) and the unateness of one input under constants on
 * the others a few bit operations: the inner loop of case analysis.
 */
public final class BoolExpr {
    /** Three-valued logic values used by case analysis. */
    public static final int ZERO = 0, ONE = 1, X = 2;

    /** Sense of the output with respect to one input, given constants on others. */
    public enum Sense { POSITIVE_UNATE, NEGATIVE_UNATE, NON_UNATE, NONE }

    private static final long[] VAR_MASK = {
        0xAAAAAAAAAAAAAAAAL, 0xCCCCCCCCCCCCCCCCL, 0xF0F0F0F0F0F0F0F0L,
        0xFF00FF00FF00FF00L, 0xFFFF0000FFFF0000L, 0xFFFFFFFF00000000L };

    private final String text;
    private final Node root;
    private final int numVars;
    private final long truthTable;   // valid when numVars <= 6
    private final long domainMask;   // the minterms that exist for numVars variables

    private BoolExpr(String text, Node root, int numVars) {
        this.text = text;
        this.root = root;
        this.numVars = numVars;
        if (numVars <= 6) {
            long[] in = new long[numVars];
            System.arraycopy(VAR_MASK, 0, in, 0, numVars);
            long domain = numVars == 6 ? -1L : (1L << (1 << numVars)) - 1;
            this.domainMask = domain;
            this.truthTable = root.eval(in) & domain;
        } else {
            this.domainMask = 0;
            this.truthTable = 0;
        }
    }

    /**
     * Parses {@code text}; variable names resolve by their index in {@code vars}.
     *
     * @throws IllegalArgumentException with a message saying what was expected
     */
    public static BoolExpr parse(String text, List<String> vars) {
        Parser p = new Parser(text, vars);
        Node n = p.or();
        p.skip();
        if (p.pos < text.length()) throw new IllegalArgumentException("unexpected '" + text.charAt(p.pos) + "' at position " + p.pos + " in \"" + text + "\"");
        return new BoolExpr(text, n, vars.size());
    }

    public String text() { return text; }
    public int numVars() { return numVars; }
    public boolean hasTruthTable() { return numVars <= 6; }
    public long truthTable() { return truthTable; }

    /** Bit-parallel evaluation: bit k of the result is the function of bit k of each input word. */
    public long evalBits(long[] vars) {
        return root.eval(vars);
    }

    /** Whether the expression reads variable {@code index}. */
    public boolean uses(int index) {
        return root.uses(index);
    }

    /** Three-valued evaluation; {@code values[i]} is {@link #ZERO}, {@link #ONE} or {@link #X}. */
    public int eval3(int[] values) {
        if (numVars <= 6) {
            long consistent = consistentMinterms(values, -1);
            long on = truthTable & consistent;
            if (on == 0) return ZERO;
            if (on == consistent) return ONE;
            return X;
        }
        return root.eval3(values);
    }

    /**
     * Unateness of the function in variable {@code var} when the other variables hold
     * {@code values} (X = free). NONE means the input cannot change the output any more.
     */
    public Sense sense(int var, int[] values) {
        if (numVars > 6) return Sense.NON_UNATE;
        long consistent = consistentMinterms(values, var) & ~VAR_MASK[var];
        int shift = 1 << var;
        long f1 = (truthTable & VAR_MASK[var]) >>> shift; // f with var=1, at the position of var=0
        long f0 = truthTable & ~VAR_MASK[var];
        long rises = f1 & ~f0 & consistent;
        long falls = ~f1 & f0 & consistent;
        if (rises != 0 && falls != 0) return Sense.NON_UNATE;
        if (rises != 0) return Sense.POSITIVE_UNATE;
        if (falls != 0) return Sense.NEGATIVE_UNATE;
        return Sense.NONE;
    }

    private long consistentMinterms(int[] values, int skip) {
        long m = domainMask;
        for (int i = 0; i < numVars; i++) {
            if (i == skip) continue;
            int v = values[i];
            if (v == ONE) m &= VAR_MASK[i];
            else if (v == ZERO) m &= ~VAR_MASK[i];
        }
        return m;
    }

    @Override
    public String toString() { return text; }

    // ---- syntax tree ----

    private interface Node {
        long eval(long[] v);
        int eval3(int[] v);
        boolean uses(int index);
    }

    private record Var(int index) implements Node {
        public long eval(long[] v) { return v[index]; }
        public int eval3(int[] v) { return v[index]; }
        public boolean uses(int i) { return i == index; }
    }

    private record Const(boolean one) implements Node {
        public long eval(long[] v) { return one ? -1L : 0L; }
        public int eval3(int[] v) { return one ? ONE : ZERO; }
        public boolean uses(int i) { return false; }
    }

    private record Not(Node a) implements Node {
        public long eval(long[] v) { return ~a.eval(v); }
        public int eval3(int[] v) { int x = a.eval3(v); return x == X ? X : 1 - x; }
        public boolean uses(int i) { return a.uses(i); }
    }

    private record Bin(char op, Node a, Node b) implements Node {
        public long eval(long[] v) {
            long x = a.eval(v), y = b.eval(v);
            return switch (op) { case '&' -> x & y; case '|' -> x | y; default -> x ^ y; };
        }
        public int eval3(int[] v) {
            int x = a.eval3(v), y = b.eval3(v);
            switch (op) {
                case '&': if (x == ZERO || y == ZERO) return ZERO; return (x == ONE && y == ONE) ? ONE : X;
                case '|': if (x == ONE || y == ONE) return ONE; return (x == ZERO && y == ZERO) ? ZERO : X;
                default: if (x == X || y == X) return X; return x ^ y;
            }
        }
        public boolean uses(int i) { return a.uses(i) || b.uses(i); }
    }

    private static final class Parser {
        final String s;
        final List<String> vars;
        int pos;

        Parser(String s, List<String> vars) { this.s = s; this.vars = vars; }

        void skip() { while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++; }

        Node or() {
            Node n = and();
            while (true) {
                skip();
                if (pos < s.length() && (s.charAt(pos) == '|' || s.charAt(pos) == '+')) { pos++; n = new Bin('|', n, and()); }
                else return n;
            }
        }

        Node and() {
            Node n = xor();
            while (true) {
                skip();
                if (pos >= s.length()) return n;
                char c = s.charAt(pos);
                if (c == '&' || c == '*') { pos++; n = new Bin('&', n, xor()); }
                else if (c == '(' || c == '!' || Character.isLetterOrDigit(c) || c == '_') n = new Bin('&', n, xor()); // juxtaposition
                else return n;
            }
        }

        Node xor() {
            Node n = unary();
            while (true) {
                skip();
                if (pos < s.length() && s.charAt(pos) == '^') { pos++; n = new Bin('^', n, unary()); }
                else return n;
            }
        }

        Node unary() {
            skip();
            if (pos >= s.length()) throw new IllegalArgumentException("unexpected end of \"" + s + "\", expected a pin name, constant or '('");
            char c = s.charAt(pos);
            Node n;
            if (c == '!') { pos++; return new Not(unary()); }
            if (c == '(') {
                pos++;
                n = or();
                skip();
                if (pos >= s.length() || s.charAt(pos) != ')') throw new IllegalArgumentException("missing ')' in \"" + s + "\"");
                pos++;
            } else {
                int start = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == '[' || s.charAt(pos) == ']' || s.charAt(pos) == '.')) pos++;
                if (start == pos) throw new IllegalArgumentException("unexpected '" + c + "' at position " + pos + " in \"" + s + "\"");
                String name = s.substring(start, pos);
                if (name.equals("0")) n = new Const(false);
                else if (name.equals("1")) n = new Const(true);
                else {
                    int idx = vars.indexOf(name);
                    if (idx < 0) throw new IllegalArgumentException("unknown pin '" + name + "' in \"" + s + "\" (pins: " + String.join(", ", vars) + ")");
                    n = new Var(idx);
                }
            }
            while (true) {
                skip();
                if (pos < s.length() && s.charAt(pos) == '\'') { pos++; n = new Not(n); }
                else return n;
            }
        }
    }
}
