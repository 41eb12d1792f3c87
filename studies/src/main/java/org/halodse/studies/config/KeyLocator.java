package org.halodse.studies.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds the line of a key path ({@code space.bits[1]}) in a study's text by walking its tokens.
 * Jackson reports record errors at the end of the enclosing object, so messages take their line
 * from here instead.
 */
public final class KeyLocator {
    private KeyLocator() {
    }

    /** The 1-based line where {@code path} starts, or of its nearest existing parent; 0 if none. */
    public static int line(String text, boolean json, String path) {
        if (path == null || path.isEmpty() || text == null) return 0;
        JsonFactory f = json ? new JsonFactory() : new YAMLFactory();
        int best = 0;
        try (JsonParser p = f.createParser(text)) {
            Deque<String> stack = new ArrayDeque<>();   // path of the current container
            Deque<Integer> index = new ArrayDeque<>();  // next array index, -1 for objects
            String pending = null;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    pending = join(stack.peek(), p.currentName());
                    int ln = p.currentTokenLocation().getLineNr();
                    if (path.equals(pending)) return ln;
                    if (path.startsWith(pending + ".") || path.startsWith(pending + "[")) best = ln;
                    continue;
                }
                String here = pending;
                if (here == null && !index.isEmpty() && index.peek() >= 0) {
                    int i = index.pop();
                    index.push(i + 1);
                    here = stack.peek() + "[" + i + "]";
                    int ln = p.currentTokenLocation().getLineNr();
                    if (path.equals(here)) return ln;
                    if (path.startsWith(here + ".") || path.startsWith(here + "[")) best = ln;
                }
                pending = null;
                if (t == JsonToken.START_OBJECT) { stack.push(here == null ? "" : here); index.push(-1); }
                else if (t == JsonToken.START_ARRAY) { stack.push(here == null ? "" : here); index.push(0); }
                else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) { stack.pop(); index.pop(); }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return best;
        }
        return best;
    }

    private static String join(String parent, String name) {
        return parent == null || parent.isEmpty() ? name : parent + "." + name;
    }
}
