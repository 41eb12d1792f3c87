package org.halodse.hw.netlist;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.halodse.hw.liberty.InputException;
import org.halodse.hw.netlist.VerilogLexer.Kind;
import org.halodse.hw.netlist.VerilogLexer.Token;

/**
 * Parses the structural Verilog subset Yosys writes ({@code write_verilog -noattr -noexpr}) into
 * syntax records; names are resolved later by {@link VerilogReader}, so declarations may follow
 * their use. Anything behavioural is rejected with a message saying what was expected.
 */
final class VerilogParser {
    record Range(int msb, int lsb) {
        int width() { return Math.abs(msb - lsb) + 1; }
    }

    enum DeclKind { INPUT, OUTPUT, INOUT, WIRE }

    /** A port or wire declaration; {@code range} is null for a scalar. */
    record Decl(String name, DeclKind kind, Range range, int line) { }

    sealed interface Term permits Ref, Const { }

    /** A net reference: whole ({@code selected} false), or bits {@code from} down/up to {@code to}. */
    record Ref(String name, boolean selected, int from, int to, int line) implements Term { }

    /** A sized constant, bits MSB first. */
    record Const(String text, boolean[] bits) implements Term { }

    record Assign(List<Term> lhs, List<Term> rhs, int line) { }

    /** A cell instance; a pin mapped to null is explicitly unconnected ({@code .A()}). */
    record CellInst(String type, String name, Map<String, List<Term>> pins, int line) { }

    record Module(String name, List<String> ports, List<Decl> decls, List<Assign> assigns, List<CellInst> cells, int line) { }

    private static final Set<String> STATEMENT_KEYWORDS = Set.of("module", "endmodule", "input", "output", "inout",
        "wire", "assign", "reg", "always", "initial", "parameter", "localparam", "function", "task", "generate",
        "supply0", "supply1", "tri", "integer", "signed", "begin", "end", "defparam", "specify");

    private final String source;
    private final List<Token> toks;
    private int p;

    private VerilogParser(String source, List<Token> toks) {
        this.source = source;
        this.toks = toks;
    }

    static List<Module> parse(String source, String text) {
        VerilogParser ps = new VerilogParser(source, VerilogLexer.tokens(source, text));
        List<Module> mods = new ArrayList<>();
        while (ps.peek().kind() != Kind.EOF) {
            if (!ps.peek().is("module")) throw ps.error(ps.peek().line(), "expected 'module', found " + ps.peek().show());
            mods.add(ps.module());
        }
        return mods;
    }

    private Token peek() { return toks.get(p); }

    private Token next() {
        Token t = toks.get(p);
        if (t.kind() != Kind.EOF) p++;
        return t;
    }

    private InputException error(int line, String msg) { return InputException.at(source, line, msg); }

    /** Consumes symbol or keyword {@code s}; a missing one is reported on the line of the token before it. */
    private Token expect(String s, String context) {
        Token t = peek();
        if (!t.is(s)) {
            int line = p > 0 ? toks.get(p - 1).line() : t.line();
            throw error(line, "expected '" + s + "' " + context + ", found " + t.show()
                + (t.line() != line && t.kind() != Kind.EOF ? " on line " + t.line() : ""));
        }
        return next();
    }

    private boolean accept(String s) {
        if (!peek().is(s)) return false;
        next();
        return true;
    }

    private String name(String what) {
        Token t = peek();
        if (t.kind() != Kind.ID || (!t.escaped() && STATEMENT_KEYWORDS.contains(t.text()))) {
            throw error(t.line(), "expected " + what + ", found " + t.show());
        }
        return next().text();
    }

    private int integer(String what) {
        Token t = peek();
        if (t.kind() != Kind.NUMBER || t.text().indexOf('\'') >= 0) throw error(t.line(), "expected " + what + " (a decimal number), found " + t.show());
        next();
        try {
            return Integer.parseInt(t.text().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error(t.line(), what + " " + t.text() + " is too large");
        }
    }

    private Module module() {
        int line = expect("module", "").line();
        String name = name("a module name");
        List<String> ports = new ArrayList<>();
        List<Decl> decls = new ArrayList<>();
        List<Assign> assigns = new ArrayList<>();
        List<CellInst> cells = new ArrayList<>();
        if (accept("(") && !accept(")")) {
            if (direction(peek()) != null) { // ANSI header: module m(input [7:0] a, b, output y);
                DeclKind dir = null;
                Range range = null;
                do {
                    if (direction(peek()) != null) {
                        dir = direction(next());
                        range = declRange();
                    }
                    Decl d = decl(dir, range);
                    decls.add(d);
                    ports.add(d.name());
                } while (accept(","));
            } else {
                do ports.add(name("a port name")); while (accept(","));
            }
            expect(")", "to close the port list of module " + name);
        }
        expect(";", "after the header of module " + name);
        while (!peek().is("endmodule")) {
            Token t = peek();
            if (t.kind() == Kind.EOF) throw error(t.line(), "unexpected end of file in module " + name + " (expected 'endmodule')");
            if (direction(t) != null || t.is("wire")) {
                DeclKind kind = t.is("wire") ? DeclKind.WIRE : direction(t);
                next();
                Range range = declRange();
                do decls.add(decl(kind, range)); while (accept(","));
                expect(";", "after the declaration");
            } else if (t.is("assign")) {
                next();
                do {
                    List<Term> lhs = expr();
                    expect("=", "in assign");
                    assigns.add(new Assign(lhs, expr(), t.line()));
                } while (accept(","));
                expect(";", "after assign");
            } else if (t.kind() == Kind.ID && (t.escaped() || !STATEMENT_KEYWORDS.contains(t.text()))) {
                cells.add(instance());
            } else {
                throw error(t.line(), "unsupported statement " + t.show() + " in module " + name
                    + " (expected input/output/wire declarations, assign, cell instances or endmodule; map the design to library cells with yosys first)");
            }
        }
        next();
        return new Module(name, ports, decls, assigns, cells, line);
    }

    private Decl decl(DeclKind kind, Range range) {
        int line = peek().line();
        return new Decl(name("a net name"), kind, range, line);
    }

    private static DeclKind direction(Token t) {
        return t.is("input") ? DeclKind.INPUT : t.is("output") ? DeclKind.OUTPUT : t.is("inout") ? DeclKind.INOUT : null;
    }

    /** Optional {@code wire}, {@code signed} and {@code [msb:lsb]} after a direction or {@code wire}. */
    private Range declRange() {
        accept("wire");
        accept("signed");
        if (!accept("[")) return null;
        int msb = integer("the range MSB");
        expect(":", "in the range [msb:lsb]");
        int lsb = integer("the range LSB");
        expect("]", "to close the range");
        return new Range(msb, lsb);
    }

    private CellInst instance() {
        Token type = next();
        if (peek().is("#")) throw error(peek().line(), "parameters on instance of " + type.show() + " are not supported (library cells take none)");
        int line = peek().line();
        String inst = name("an instance name after cell type " + type.show());
        expect("(", "after instance name " + inst);
        Map<String, List<Term>> pins = new LinkedHashMap<>();
        if (!peek().is(")")) {
            do {
                if (!peek().is(".")) throw error(peek().line(), "expected a named connection .PIN(net) in instance " + inst + ", found " + peek().show() + " (positional connections are not supported)");
                next();
                Token pin = peek();
                String pinName = name("a pin name");
                expect("(", "after ." + pinName);
                List<Term> e = peek().is(")") ? null : expr();
                expect(")", "to close the connection ." + pinName + "(...)");
                if (pins.containsKey(pinName)) throw error(pin.line(), "pin " + pinName + " of instance " + inst + " is connected twice");
                pins.put(pinName, e);
            } while (accept(","));
        }
        expect(")", "to close the connections of instance " + inst);
        expect(";", "after instance " + inst);
        return new CellInst(type.text(), inst, pins, line);
    }

    /** A net, bit/part select, sized constant or (nested, replicated) concatenation, as terms MSB first. */
    private List<Term> expr() {
        List<Term> out = new ArrayList<>();
        if (!accept("{")) {
            out.add(primary());
            return out;
        }
        do {
            Token t = peek();
            if (t.kind() == Kind.NUMBER && t.text().indexOf('\'') < 0 && toks.get(p + 1).is("{")) {
                int n = integer("a replication count");
                next();
                List<Term> inner = new ArrayList<>();
                do inner.addAll(expr()); while (accept(","));
                expect("}", "to close the replication");
                for (int i = 0; i < n; i++) out.addAll(inner);
            } else {
                out.addAll(expr());
            }
        } while (accept(","));
        expect("}", "to close the concatenation");
        return out;
    }

    private Term primary() {
        Token t = peek();
        if (t.kind() == Kind.NUMBER) {
            next();
            return constant(t);
        }
        String n = name("a net name, constant or {concatenation}");
        if (!accept("[")) return new Ref(n, false, 0, 0, t.line());
        int from = integer("a bit index");
        int to = accept(":") ? integer("the part-select LSB") : from;
        expect("]", "to close the bit select of " + n);
        return new Ref(n, true, from, to, t.line());
    }

    private Const constant(Token t) {
        String txt = t.text();
        int q = txt.indexOf('\'');
        if (q < 0) throw error(t.line(), "unsized constant '" + txt + "' (expected a sized constant such as 1'b0 or 8'h00)");
        int width;
        try {
            width = Integer.parseInt(txt.substring(0, q).replace("_", ""));
        } catch (NumberFormatException e) {
            width = 0;
        }
        String rest = txt.substring(q + 1);
        if (!rest.isEmpty() && Character.toLowerCase(rest.charAt(0)) == 's') rest = rest.substring(1);
        if (width <= 0 || width > 1 << 16 || rest.isEmpty()) throw error(t.line(), "malformed constant '" + txt + "' (expected e.g. 1'b0, 8'h00, 4'd9)");
        char base = Character.toLowerCase(rest.charAt(0));
        String digits = rest.substring(1).replace("_", "").toLowerCase();
        if (digits.matches(".*[xz?].*")) throw error(t.line(), "constant '" + txt + "' has x/z bits, which a gate-level netlist cannot drive (expected 0/1 bits only)");
        int radix = base == 'b' ? 2 : base == 'o' ? 8 : base == 'd' ? 10 : base == 'h' ? 16 : 0;
        BigInteger v;
        try {
            if (radix == 0 || digits.isEmpty()) throw new NumberFormatException();
            v = new BigInteger(digits, radix);
        } catch (NumberFormatException e) {
            throw error(t.line(), "malformed constant '" + txt + "' (expected e.g. 1'b0, 8'h00, 4'd9)");
        }
        if (v.bitLength() > width) throw error(t.line(), "constant '" + txt + "' does not fit in " + width + " bits");
        boolean[] bits = new boolean[width];
        for (int i = 0; i < width; i++) bits[width - 1 - i] = v.testBit(i);
        return new Const(txt, bits);
    }
}
