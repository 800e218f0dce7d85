package io.cnnstream.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class WorkspaceTest {

    @Test
    void releasedMemoryIsLentAgainInTheNextPassAndZeroedWhenAskedFor() {
        Workspace workspace = new Workspace();
        float[] first;
        try (Workspace.Scope scope = workspace.enter()) {
            Tensor t = Workspace.uninitialized(Shape.of(2, 3));
            t.data()[0] = 5f;
            first = t.data();
            Workspace.release(t);
        }
        try (Workspace.Scope scope = workspace.enter()) {
            Tensor again = Workspace.zeros(Shape.of(3, 2));
            assertSame(first, again.data());
            assertEquals(0f, again.data()[0]);
        }
    }

    @Test
    void memoryItDidNotLendIsNeverRecycled() {
        Workspace workspace = new Workspace();
        Tensor callers = Tensor.zeros(Shape.of(4));
        try (Workspace.Scope scope = workspace.enter()) {
            Workspace.release(callers);
            assertNotSame(callers.data(), Workspace.uninitialized(Shape.of(4)).data());
        }
    }

    @Test
    void whatWasNotHandedBackBelongsToTheCallerAfterThePass() {
        Workspace workspace = new Workspace();
        Tensor output;
        try (Workspace.Scope scope = workspace.enter()) {
            output = Workspace.uninitialized(Shape.of(4));
        }
        try (Workspace.Scope scope = workspace.enter()) {
            Workspace.release(output); // too late: the pass that lent it is over
            assertNotSame(output.data(), Workspace.uninitialized(Shape.of(4)).data());
        }
    }

    @Test
    void outsideAWorkspaceTensorsAreFreshAndReleaseDoesNothing() {
        Tensor t = Workspace.uninitialized(Shape.of(3));
        Workspace.release(t);
        assertNotSame(t.data(), Workspace.zeros(Shape.of(3)).data());
    }
}
