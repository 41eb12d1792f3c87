package org.halodse.objectives.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.halodse.hw.liberty.InputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT's WordPiece tokenizer as the HuggingFace tokenizer json describes it: BertNormalizer (clean
 * text, spaces around CJK characters, lowercase and accent stripping), BertPreTokenizer (split on
 * whitespace and punctuation), greedy longest-match WordPiece with the {@code ##} prefix, then
 * {@code [CLS] ... [SEP]}, truncated to the maximum length (special tokens included).
 */
public final class WordPieceTokenizer {
    private final Map<String, Integer> vocab;
    private final boolean lowercase;
    private final boolean stripAccents;
    private final String prefix;
    private final int maxCharsPerWord;
    private final int unkId, clsId, sepId;
    private final int maxLength;

    private WordPieceTokenizer(Map<String, Integer> vocab, boolean lowercase, boolean stripAccents, String prefix,
                               int maxCharsPerWord, String unk, int maxLength, String source) {
        this.vocab = vocab;
        this.lowercase = lowercase;
        this.stripAccents = stripAccents;
        this.prefix = prefix;
        this.maxCharsPerWord = maxCharsPerWord;
        this.unkId = id(unk, source);
        this.clsId = id("[CLS]", source);
        this.sepId = id("[SEP]", source);
        this.maxLength = maxLength;
    }

    private int id(String token, String source) {
        Integer i = vocab.get(token);
        if (i == null) throw new InputException(source + ": vocabulary has no " + token + " token; expected a BERT WordPiece vocabulary");
        return i;
    }

    public static WordPieceTokenizer fromResource(String resource) {
        try (InputStream in = WordPieceTokenizer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new InputException("classpath:" + resource + ": not found; expected the model's jar on the classpath");
            return parse(new ObjectMapper().readTree(in), "classpath:" + resource);
        } catch (IOException e) {
            throw new InputException("classpath:" + resource + ": cannot read tokenizer json (" + e.getMessage() + ")");
        }
    }

    public static WordPieceTokenizer fromFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(new ObjectMapper().readTree(in), file.toString());
        } catch (IOException e) {
            throw new InputException(file + ": cannot read tokenizer json (" + e.getMessage() + ")");
        }
    }

    static WordPieceTokenizer parse(JsonNode root, String source) {
        JsonNode model = root.path("model");
        if (!"WordPiece".equals(model.path("type").asText()) || !model.path("vocab").isObject()) {
            throw new InputException(source + ": model.type is '" + model.path("type").asText() + "'; expected a WordPiece tokenizer with a vocab");
        }
        Map<String, Integer> vocab = new HashMap<>(model.path("vocab").size() * 2);
        for (Map.Entry<String, JsonNode> e : model.path("vocab").properties()) {
            vocab.put(e.getKey(), e.getValue().asInt());
        }
        JsonNode norm = root.path("normalizer");
        boolean lower = norm.path("lowercase").asBoolean(true);
        JsonNode sa = norm.path("strip_accents");
        boolean strip = sa.isBoolean() ? sa.asBoolean() : lower; // null: follows lowercase, as BERT does
        int maxLen = root.path("truncation").path("max_length").asInt(128);
        return new WordPieceTokenizer(vocab, lower, strip, model.path("continuing_subword_prefix").asText("##"),
                model.path("max_input_chars_per_word").asInt(100), model.path("unk_token").asText("[UNK]"), maxLen, source);
    }

    /** The same vocabulary with another maximum length (special tokens included). */
    public WordPieceTokenizer withMaxLength(int max) {
        if (max < 2) throw new IllegalArgumentException("max length " + max + " < 2");
        return new WordPieceTokenizer(vocab, lowercase, stripAccents, prefix, maxCharsPerWord, tokenOf(unkId), max, "tokenizer");
    }

    private String tokenOf(int id) {
        for (Map.Entry<String, Integer> e : vocab.entrySet()) if (e.getValue() == id) return e.getKey();
        throw new IllegalStateException();
    }

    public int maxLength() { return maxLength; }

    public int vocabSize() { return vocab.size(); }

    /** Token ids {@code [CLS] pieces... [SEP]}, truncated to {@link #maxLength()}. */
    public int[] encode(String text) {
        List<String> words = preTokenize(normalize(text));
        int[] ids = new int[maxLength];
        int n = 0;
        ids[n++] = clsId;
        outer:
        for (String w : words) {
            for (int piece : wordPiece(w)) {
                if (n >= maxLength - 1) break outer;
                ids[n++] = piece;
            }
        }
        ids[n++] = sepId;
        return java.util.Arrays.copyOf(ids, n);
    }

    String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (c == 0 || c == 0xFFFD || isControl(c)) return;
            if (isWhitespace(c)) { sb.append(' '); return; }
            if (isChinese(c)) { sb.append(' ').appendCodePoint(c).append(' '); return; }
            sb.appendCodePoint(c);
        });
        String s = sb.toString();
        if (stripAccents) {
            s = Normalizer.normalize(s, Normalizer.Form.NFD);
            StringBuilder t = new StringBuilder(s.length());
            s.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).forEach(t::appendCodePoint);
            s = t.toString();
        }
        if (lowercase) s = s.toLowerCase(java.util.Locale.ROOT);
        return s;
    }

    static List<String> preTokenize(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (isWhitespace(c)) {
                if (!cur.isEmpty()) { out.add(cur.toString()); cur.setLength(0); }
            } else if (isPunctuation(c)) {
                if (!cur.isEmpty()) { out.add(cur.toString()); cur.setLength(0); }
                out.add(new String(Character.toChars(c)));
            } else cur.appendCodePoint(c);
        }
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    private List<Integer> wordPiece(String word) {
        if (word.codePointCount(0, word.length()) > maxCharsPerWord) return List.of(unkId);
        List<Integer> pieces = new ArrayList<>();
        int start = 0;
        while (start < word.length()) {
            int end = word.length();
            Integer found = null;
            while (start < end) {
                String sub = word.substring(start, end);
                if (start > 0) sub = prefix + sub;
                Integer id = vocab.get(sub);
                if (id != null) { found = id; break; }
                end = word.offsetByCodePoints(end, -1);
            }
            if (found == null) return List.of(unkId);
            pieces.add(found);
            start = end;
        }
        return pieces;
    }

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || Character.getType(c) == Character.SPACE_SEPARATOR;
    }

    private static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') return false;
        int t = Character.getType(c);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE || t == Character.SURROGATE || t == Character.UNASSIGNED;
    }

    static boolean isPunctuation(int c) {
        if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static boolean isChinese(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B820 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }
}
