package org.halodse.hw.netlist;

import java.util.ArrayList;
import java.util.List;
import org.halodse.hw.liberty.InputException;

/**
 * Splits structural Verilog into tokens with line numbers. Comments, {@code (* attributes *)} and
 * {@code `timescale} are dropped because a gate-level netlist means the same without them.
 */
final class VerilogLexer {
    enum Kind { ID, NUMBER, SYMBOL, EOF }

    /** {@code escaped} identifiers ({@code \name }) are never keywords; their text has no backslash. */
    record Token(Kind kind, String text, boolean escaped, int line) {
        boolean is(String s) { return !escaped && kind != Kind.EOF && text.equals(s); }

        String show() { return kind == Kind.EOF ? "end of file" : "'" + (escaped ? "\\" + text : text) + "'"; }
    }

    private final String source;
    private final String s;
    private final List<Token> out = new ArrayList<>();
    private int pos;
    private int line = 1;

    private VerilogLexer(String source, String text) {
        this.source = source;
        this.s = text;
    }

    static List<Token> tokens(String source, String text) {
        VerilogLexer lx = new VerilogLexer(source, text);
        lx.run();
        return lx.out;
    }

    private void run() {
        while (true) {
            skipBlanks();
            if (pos >= s.length()) { out.add(new Token(Kind.EOF, "", false, line)); return; }
            char c = s.charAt(pos);
            int start = pos;
            if (c == '\\') {
                pos++;
                while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) pos++;
                if (pos == start + 1) throw InputException.at(source, line, "empty escaped identifier: '\\' must be followed by a name");
                out.add(new Token(Kind.ID, s.substring(start + 1, pos), true, line));
            } else if (Character.isLetter(c) || c == '_') {
                while (pos < s.length() && isIdentChar(s.charAt(pos))) pos++;
                out.add(new Token(Kind.ID, s.substring(start, pos), false, line));
            } else if (Character.isDigit(c)) {
                while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '_')) pos++;
                if (pos < s.length() && s.charAt(pos) == '\'') { // sized constant such as 8'hff or 4'b10x1
                    pos++;
                    while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == '?')) pos++;
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, pos), false, line));
            } else if (c == '`' && s.startsWith("`timescale", pos)) {
                while (pos < s.length() && s.charAt(pos) != '\n') pos++;
            } else {
                // any other character is a one-character symbol; the parser says what it expected instead
                pos++;
                out.add(new Token(Kind.SYMBOL, String.valueOf(c), false, line));
            }
        }
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private void skipBlanks() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '\n') { line++; pos++; }
            else if (Character.isWhitespace(c)) pos++;
            else if (s.startsWith("//", pos)) { while (pos < s.length() && s.charAt(pos) != '\n') pos++; }
            else if (s.startsWith("/*", pos)) skipUntil("*/", "/* comment");
            else if (s.startsWith("(*", pos) && !s.startsWith("(*)", pos)) skipUntil("*)", "(* attribute");
            else return;
        }
    }

    private void skipUntil(String end, String what) {
        int startLine = line;
        int e = s.indexOf(end, pos + 2);
        if (e < 0) throw InputException.at(source, startLine, "unterminated " + what + " (no closing '" + end + "' before end of file)");
        for (int i = pos; i < e; i++) if (s.charAt(i) == '\n') line++;
        pos = e + end.length();
    }
}
