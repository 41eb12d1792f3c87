package org.halodse.studies.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema (draft 2020-12) of the study file, derived from {@link StudyConfig}'s records so
 * the two cannot drift apart: editors complete keys and flag unknown ones (additionalProperties
 * false), as the reader does.
 */
public final class StudySchema {
    private StudySchema() {
    }

    public static String json() {
        Map<String, Object> root = object(StudyConfig.class);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        out.put("$id", "https://halodse.org/schema/study.json");
        out.put("title", "HALO-DSE study");
        out.putAll(root);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> object(Class<?> record) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", "object");
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent rc : record.getRecordComponents()) {
            Map<String, Object> p = type(rc.getGenericType());
            JsonPropertyDescription d = rc.getAccessor().getAnnotation(JsonPropertyDescription.class);
            if (d == null) d = field(record, rc.getName(), JsonPropertyDescription.class);
            if (d != null) p.put("description", d.value());
            JsonProperty jp = field(record, rc.getName(), JsonProperty.class);
            if (jp != null && jp.required()) required.add(rc.getName());
            props.put(rc.getName(), p);
        }
        o.put("properties", props);
        if (!required.isEmpty()) o.put("required", required);
        o.put("additionalProperties", false);
        return o;
    }

    private static <A extends java.lang.annotation.Annotation> A field(Class<?> record, String name, Class<A> a) {
        try {
            return record.getDeclaredField(name).getAnnotation(a);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static Map<String, Object> type(Type t) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (t instanceof ParameterizedType pt && pt.getRawType() == List.class) {
            p.put("type", "array");
            p.put("items", type(pt.getActualTypeArguments()[0]));
            p.put("minItems", 1);
            p.put("uniqueItems", true);
            return p;
        }
        Class<?> c = (Class<?>) t;
        if (c == String.class) p.put("type", "string");
        else if (c == Integer.class || c == Long.class) p.put("type", "integer");
        else if (c == Double.class) p.put("type", "number");
        else if (c.isEnum()) {
            List<String> vals = new ArrayList<>();
            for (Object e : c.getEnumConstants()) {
                JsonProperty jp = field(c, ((Enum<?>) e).name(), JsonProperty.class);
                vals.add(jp != null ? jp.value() : ((Enum<?>) e).name());
            }
            p.put("enum", vals);
        } else if (c.isRecord()) {
            p.putAll(object(c));
        } else {
            throw new IllegalStateException("no schema mapping for " + c);
        }
        return p;
    }
}
