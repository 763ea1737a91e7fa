package io.vestnik.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.vestnik.protocol.ClientFrame;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #9: every operation × every kind of caller gets the outcome {@link AccessMatrix} states,
 * and the matrix covers every route the node registers and every frame a client may send.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AuthorizationMatrixTest {
    static MatrixFixture fixture;

    @BeforeAll
    static void buildTheWorld() {
        fixture = new MatrixFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @TestFactory
    Stream<DynamicTest> every_caller_gets_the_outcome_the_matrix_states() {
        Probe probe = new Probe(fixture);
        return AccessMatrix.OPERATIONS.stream().flatMap(operation -> Arrays.stream(Caller.values()).map(caller ->
                dynamicTest(operation.route() + " [" + operation.target() + "] as " + caller + " → " + operation.expect().of(caller),
                        () -> assertThat(probe.run(operation, caller)).isEqualTo(operation.expect().of(caller)))));
    }

    @Test
    void every_route_the_node_registers_has_a_row_and_every_row_a_route() {
        Set<String> inTheMatrix = AccessMatrix.OPERATIONS.stream().filter(Operation::isHttpRoute)
                .map(Operation::route).collect(Collectors.toSet());
        assertThat(inTheMatrix).containsExactlyInAnyOrderElementsOf(fixture.node.httpRoutes());
    }

    @Test
    void every_client_frame_type_has_a_row() {
        Set<String> frameTypes = Arrays.stream(ClientFrame.class.getAnnotation(JsonSubTypes.class).value())
                .map(type -> "WS " + type.name()).collect(Collectors.toSet());
        Set<String> inTheMatrix = AccessMatrix.OPERATIONS.stream()
                .filter(operation -> operation.transport() == Operation.Transport.WS_FRAME)
                .map(Operation::route).collect(Collectors.toSet());
        assertThat(inTheMatrix).containsExactlyInAnyOrderElementsOf(frameTypes);
    }
}
