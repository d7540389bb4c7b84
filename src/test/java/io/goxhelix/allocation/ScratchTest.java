package io.goxhelix.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ScratchTest {

    @Provide
    Arbitrary<List<Long>> closeTotals() {
        // Within a few units: the counting path.
        return Arbitraries.longs().between(1_000, 1_010).list().ofMinSize(1).ofMaxSize(50);
    }

    @Provide
    Arbitrary<List<Long>> spreadTotals() {
        // Far apart: the sorting path.
        return Arbitraries.longs()
                .between(0, Integer.MAX_VALUE)
                .list()
                .ofMinSize(1)
                .ofMaxSize(50);
    }

    @Property
    void kthSmallestOfCloseValuesIsTheSortedOne(@ForAll("closeTotals") List<Long> values, @ForAll int pick) {
        checkKthSmallest(values, pick);
    }

    @Property
    void kthSmallestOfSpreadValuesIsTheSortedOne(@ForAll("spreadTotals") List<Long> values, @ForAll int pick) {
        checkKthSmallest(values, pick);
    }

    private static void checkKthSmallest(List<Long> values, int pick) {
        var scratch = new Scratch();
        int k = Math.floorMod(pick, values.size()) + 1;
        // Only the first n entries count: the rest of a scratch array is left from other queues.
        long[] array = Arrays.copyOf(values.stream().mapToLong(Long::longValue).toArray(), values.size() + 3);
        Arrays.fill(array, values.size(), array.length, -1);
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();

        assertThat(scratch.kthSmallest(array, values.size(), k)).isEqualTo(sorted[k - 1]);
    }

    @Test
    void kthSmallestReusesItsCountsForWiderRangesLater() {
        var scratch = new Scratch();

        assertThat(scratch.kthSmallest(new long[] {5, 3, 4}, 3, 2)).isEqualTo(4);
        assertThat(scratch.kthSmallest(new long[] {100, 0, 50, 70}, 4, 4)).isEqualTo(100);
        assertThat(scratch.kthSmallest(new long[] {9, 9, 7}, 3, 1)).isEqualTo(7);
    }

    @Test
    void keysGrowToTheLargestSizeAskedAndAreKeptAfterwards() {
        var scratch = new Scratch();

        long[] large = scratch.keys(1_000);
        long[] again = scratch.keys(10);

        assertThat(large.length).isGreaterThanOrEqualTo(1_000);
        assertThat(again).isSameAs(large);
    }
}
