package org.halodse.dse.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CandidateTest {
    /** Byte and int storage behave as the plain int array would: values, hash, equality, order. */
    @Test
    void compactStorageIsInvisible() {
        int[][] gs = {{0, 255, 7}, {0, 256, 7}, {0, 255, 8}, {1}, {0, 255}, {300, 0, 0}};
        for (int[] a : gs) {
            Candidate c = new Candidate(a);
            assertArrayEquals(a, c.toArray());
            assertEquals(Arrays.hashCode(a), c.hashCode());
            assertEquals(a.length, c.size());
            for (int i = 0; i < a.length; i++) assertEquals(a[i], c.gene(i));
            assertEquals(c, Candidate.ofOwned(a.clone()));
            for (int[] b : gs) {
                Candidate d = new Candidate(b);
                assertEquals(Integer.signum(Arrays.compare(a, b)), Integer.signum(c.compareTo(d)), Arrays.toString(a) + " vs " + Arrays.toString(b));
                assertEquals(Arrays.equals(a, b), c.equals(d));
            }
        }
        int[] owned = {1, 2, 3};
        Candidate c = Candidate.ofOwned(owned);
        owned[0] = 9; // a byte-stored candidate copied the values
        assertEquals(1, c.gene(0));
        assertNotEquals(new Candidate(new int[] {1, 2, 3}), new Candidate(new int[] {1, 2, 3, 0}));
        assertTrue(new Candidate(new int[] {1, 2}).compareTo(new Candidate(new int[] {1, 2, 0})) < 0);
    }
}
