package dev.jackpot.worker.trial;

import org.deeplearning4j.nn.graph.ComputationGraph;

import java.util.List;

/** Structural facts about a built network that the ticket kinds depend on. */
final class Topology {
    private Topology() {}

    /**
     * Whether the network has skip (residual) connections: some vertex joins two or more inputs. Read from the graph
     * rather than from the residual setting, which networks without blocks (lenet300, vgg) ignore; those count as
     * plain networks for the smart ratio.
     */
    static boolean hasSkipConnections(ComputationGraph graph) {
        return graph.getConfiguration().getVertexInputs().values().stream().mapToInt(List::size).anyMatch(n -> n >= 2);
    }
}
