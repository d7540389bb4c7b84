package io.goxhelix.example.fenced;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.goxhelix.client.fencing.Checkpoint;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NumberedItemsTest {

    @Test
    void aPartitionWithoutCheckpointStartsAtItemZero() {
        assertEquals(0, NumberedItems.next(Optional.empty()));
    }

    @Test
    void theCheckpointIsTheNextItem() {
        assertEquals(42, NumberedItems.next(Optional.of("42")));
    }

    @Test
    void aCorruptCheckpointIsNotSilentlyRestartedFromZero() {
        assertThrows(NumberFormatException.class, () -> NumberedItems.next(Optional.of("forty-two")));
        assertThrows(IllegalStateException.class, () -> NumberedItems.next(Optional.of("-1")));
    }

    @Test
    void theClientArtifactBoundsTheCheckpointAsDocumented() {
        assertEquals(1024, Checkpoint.MAX_LENGTH);
    }
}
