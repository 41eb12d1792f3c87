package org.halodse.reports;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for the report records (defensive copies that keep order and allow null). */
final class Arrays2 {
    private Arrays2() {
    }

    static double[] copy(double[] a) {
        return a == null ? null : a.clone();
    }

    static <V> Map<String, V> orderedCopy(Map<String, V> m) {
        if (m == null) return Map.of();
        LinkedHashMap<String, V> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(java.util.Objects.requireNonNull(k, "key"), java.util.Objects.requireNonNull(v, "value of " + k)));
        return Collections.unmodifiableMap(c);
    }
}
