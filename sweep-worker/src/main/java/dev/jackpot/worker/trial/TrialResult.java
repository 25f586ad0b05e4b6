package dev.jackpot.worker.trial;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Everything a trial produced, as plain rows. Diverged and failed trials keep the rows they finished.
 *
 * @param spec        the settings it ran with
 * @param status      ok, diverged or failed
 * @param error       the failure's one-line description, "" otherwise
 * @param threads     ND4J threads the trial trained with (results differ in the last digits across counts)
 * @param backend     the ND4J backend and build that ran it
 * @param host        where it ran
 * @param executorId  the Spark executor, filled by the driver's task ("driver" in local mode)
 * @param seconds     wall time of the whole trial
 * @param finished    when it finished (so a sweep's throughput can be read from its trials)
 * @param memory      the executor's memory right after the trial
 * @param tickets     one row per run (dense and every ticket at every round)
 * @param epochs      one row per epoch of every run
 * @param layers      one row per prunable layer of every run
 */
public record TrialResult(TrialSpec spec, TrialStatus status, String error, int threads, String backend,
                          String host, String executorId, double seconds, Instant finished, TrialMemory memory, List<TicketRow> tickets,
                          List<EpochRow> epochs, List<LayerRow> layers) implements Serializable {

    public TrialResult {
        tickets = List.copyOf(tickets);
        epochs = List.copyOf(epochs);
        layers = List.copyOf(layers);
    }

    public TrialResult withExecutor(String executor) {
        return new TrialResult(spec, status, error, threads, backend, host, executor, seconds, finished, memory, tickets, epochs,
                layers);
    }

    /** The dense run's row, if it got that far. */
    public java.util.Optional<TicketRow> dense() {
        return tickets.stream().filter(t -> t.kind() == TicketKind.DENSE).findFirst();
    }
}
