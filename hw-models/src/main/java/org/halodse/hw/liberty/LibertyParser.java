package org.halodse.hw.liberty;

import java.util.ArrayList;
import java.util.List;

/**
 * Syntax of Liberty (.lib): groups, simple and complex attributes, comments, quoted strings and
 * backslash line continuations. It only builds the tree; {@link LibertyReader} gives it meaning.
 */
public final class LibertyParser {
    private final String source;
    private final char[] text;
    private int pos;
    private int line = 1;

    private LibertyParser(String source, String text) {
        this.source = source;
        this.text = text.toCharArray();
    }

    /** Parses a whole file; the result is the top-level {@code library} group. */
    public static LibertyGroup parse(String source, String text) {
        LibertyParser p = new LibertyParser(source, text);
        p.skipSpace();
        if (p.pos >= p.text.length) throw InputException.at(source, 1, "empty file, expected a Liberty 'library (NAME) { ... }' group");
        int startLine = p.line;
        String word = p.word();
        if (!word.equals("library")) {
            throw InputException.at(source, startLine, "expected 'library (NAME) {' at the start of a Liberty file, found '" + word + "'");
        }
        LibertyGroup lib = p.groupAfterName(word, startLine);
        p.skipSpace();
        if (p.pos < p.text.length) {
            throw InputException.at(source, p.line, "unexpected text after the end of the library group");
        }
        return lib;
    }

    private LibertyGroup groupAfterName(String type, int startLine) {
        skipSpace();
        List<String> args = argList();
        skipSpace();
        expect('{', "'{' to open group '" + type + "'");
        LibertyGroup g = new LibertyGroup(type, args, startLine);
        statements(g);
        return g;
    }

    private void statements(LibertyGroup g) {
        while (true) {
            skipSpace();
            if (pos >= text.length) {
                throw InputException.at(source, line, "unexpected end of file inside group '" + g.type() + " (" + g.name() + ")' opened at line " + g.line() + " (file truncated?)");
            }
            char c = text[pos];
            if (c == '}') {
                pos++;
                skipSpace();
                if (pos < text.length && text[pos] == ';') pos++; // tolerated: "};"
                return;
            }
            if (c == ';') { pos++; continue; }
            int stmtLine = line;
            String name = word();
            if (name.isEmpty()) {
                throw InputException.at(source, line, "expected an attribute or group name, found '" + c + "'");
            }
            skipSpace();
            if (pos >= text.length) throw InputException.at(source, line, "unexpected end of file after '" + name + "' (file truncated?)");
            c = text[pos];
            if (c == ':') {
                pos++;
                skipSpaceSameLogicalLine();
                List<String> vals = new ArrayList<>();
                vals.add(simpleValue(name));
                skipSpaceSameLogicalLine();
                if (pos < text.length && text[pos] == ';') pos++;
                g.add(new LibertyGroup.Attribute(name, vals, stmtLine, false));
            } else if (c == '(') {
                List<String> args = argList();
                skipSpace();
                if (pos < text.length && text[pos] == '{') {
                    pos++;
                    LibertyGroup sub = new LibertyGroup(name, args, stmtLine);
                    statements(sub);
                    g.add(sub);
                } else {
                    if (pos < text.length && text[pos] == ';') pos++;
                    g.add(new LibertyGroup.Attribute(name, args, stmtLine, true));
                }
            } else {
                throw InputException.at(source, line, "expected ':' or '(' after '" + name + "', found '" + c + "'");
            }
        }
    }

    private List<String> argList() {
        expect('(', "'('");
        List<String> args = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= text.length) throw InputException.at(source, line, "unexpected end of file inside '( ... )' (file truncated?)");
            char c = text[pos];
            if (c == ')') { pos++; return args; }
            if (c == ',') { pos++; continue; }
            if (c == '"') {
                args.add(quoted());
            } else {
                int start = pos;
                while (pos < text.length && text[pos] != ',' && text[pos] != ')' && !Character.isWhitespace(text[pos])) {
                    if (text[pos] == '\n') line++;
                    pos++;
                }
                if (pos == start) throw InputException.at(source, line, "unexpected '" + c + "' in an argument list");
                args.add(new String(text, start, pos - start));
            }
        }
    }

    private String simpleValue(String name) {
        if (pos >= text.length) throw InputException.at(source, line, "missing value for '" + name + "' (file truncated?)");
        if (text[pos] == '"') return quoted();
        int start = pos;
        while (pos < text.length && text[pos] != ';' && text[pos] != '\n' && text[pos] != '}') pos++;
        String v = new String(text, start, pos - start).trim();
        if (v.isEmpty()) throw InputException.at(source, line, "missing value for attribute '" + name + "'");
        return v;
    }

    private String quoted() {
        int startLine = line;
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length) throw InputException.at(source, startLine, "unterminated string (file truncated?)");
            char c = text[pos++];
            if (c == '"') break;
            if (c == '\\' && pos < text.length && (text[pos] == '\n' || text[pos] == '\r')) {
                // line continuation inside a string
                if (text[pos] == '\r') pos++;
                if (pos < text.length && text[pos] == '\n') { pos++; }
                line++;
                continue;
            }
            if (c == '\n') line++;
            sb.append(c);
        }
        return sb.toString();
    }

    private String word() {
        int start = pos;
        while (pos < text.length) {
            char c = text[pos];
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '+' || c == '!' || c == '[' || c == ']') pos++;
            else break;
        }
        return new String(text, start, pos - start);
    }

    private void expect(char c, String what) {
        skipSpace();
        if (pos >= text.length) throw InputException.at(source, line, "unexpected end of file, expected " + what + " (file truncated?)");
        if (text[pos] != c) throw InputException.at(source, line, "expected " + what + ", found '" + text[pos] + "'");
        pos++;
    }

    private void skipSpaceSameLogicalLine() {
        while (pos < text.length) {
            char c = text[pos];
            if (c == ' ' || c == '\t' || c == '\r') pos++;
            else if (c == '\\' && pos + 1 < text.length && (text[pos + 1] == '\n' || text[pos + 1] == '\r')) {
                pos++;
                if (text[pos] == '\r') pos++;
                if (pos < text.length && text[pos] == '\n') { pos++; line++; }
            } else if (c == '/' && pos + 1 < text.length && text[pos + 1] == '*') skipComment();
            else break;
        }
    }

    private void skipSpace() {
        while (pos < text.length) {
            char c = text[pos];
            if (c == '\n') { line++; pos++; }
            else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') pos++;
            else if (c == '\\' && pos + 1 < text.length && (text[pos + 1] == '\n' || text[pos + 1] == '\r')) pos++;
            else if (c == '/' && pos + 1 < text.length && text[pos + 1] == '*') skipComment();
            else if (c == '/' && pos + 1 < text.length && text[pos + 1] == '/') {
                while (pos < text.length && text[pos] != '\n') pos++;
            } else break;
        }
    }

    private void skipComment() {
        int startLine = line;
        pos += 2;
        while (pos + 1 < text.length && !(text[pos] == '*' && text[pos + 1] == '/')) {
            if (text[pos] == '\n') line++;
            pos++;
        }
        if (pos + 1 >= text.length) throw InputException.at(source, startLine, "unterminated comment (file truncated?)");
        pos += 2;
    }
}
