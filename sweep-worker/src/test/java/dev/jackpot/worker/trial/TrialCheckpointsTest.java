package dev.jackpot.worker.trial;

import dev.jackpot.worker.Fixtures;
import dev.jackpot.worker.data.Dataset;
import dev.jackpot.worker.prune.PruneFrom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A trial interrupted after a round and run again resumes from its checkpoint and gives exactly the rows of an
 * uninterrupted run (same thread count); a damaged checkpoint is ignored.
 */
class TrialCheckpointsTest {
    private static final Dataset DATA = Fixtures.synthetic(256, 64, 5);
    // resmlp1 at width 0.1, 3 IMP rounds; WR and PF too, so θt and the pruned checkpoint must survive the restart.
    private static final TrialSpec SPEC = Fixtures.with(Fixtures.spec("resmlp1", true, 3, 4),
            EnumSet.of(TicketKind.LT, TicketKind.RR, TicketKind.WR, TicketKind.PF), PruneFrom.BEST);

    @TempDir
    Path dir;

    private TrialResult run(TrialCheckpoints checkpoints, int stopAfterRound, List<String> started) {
        return TrialRunner.run(SPEC, 1, DATA, (kind, round, params, mask) -> started.add(kind + "@" + round),
                checkpoints, stopAfterRound);
    }

    private TrialCheckpoints checkpoints() {
        return checkpoints("1.0+abc");
    }

    private TrialCheckpoints checkpoints(String codeVersion) {
        return TrialCheckpoints.under(dir.toString(), SPEC.id(), codeVersion);
    }

    @Test
    void aTrialStoppedAfterRoundOneResumesThereAndEqualsAnUninterruptedRun() throws IOException {
        TrialResult whole = run(TrialCheckpoints.none(), 0, new ArrayList<>());
        assertEquals(TrialStatus.OK, whole.status(), whole.error());

        TrialResult stopped = run(checkpoints(), 1, new ArrayList<>());
        assertEquals(TrialStatus.FAILED, stopped.status());
        assertEquals(List.of("round-1.ckpt"), files(), "only the latest round's checkpoint is kept");

        List<String> started = new ArrayList<>();
        TrialResult resumed = run(checkpoints(), 0, started);
        assertEquals(TrialStatus.OK, resumed.status(), resumed.error());
        assertTrue(started.stream().noneMatch(s -> s.endsWith("@0") || s.endsWith("@1")),
                "the dense run and round 1 must not run again: " + started);
        assertTrue(started.contains("LT@2") && started.contains("WR@3"), started.toString());

        assertEquals(withoutSeconds(whole.tickets()), withoutSeconds(resumed.tickets()));
        assertEquals(whole.epochs(), resumed.epochs());
        assertEquals(whole.layers(), resumed.layers());
        assertEquals(List.of("round-3.ckpt"), files());

        // A finished trial's checkpoint gives its rows back without training anything.
        List<String> again = new ArrayList<>();
        TrialResult replay = run(checkpoints(), 0, again);
        assertEquals(List.of(), again);
        assertEquals(whole.epochs(), replay.epochs());
    }

    @Test
    void aDamagedCheckpointIsIgnoredAndTheTrialStartsOver() throws IOException {
        Files.createDirectories(dir.resolve(SPEC.id()));
        Files.write(dir.resolve(SPEC.id()).resolve("round-2.ckpt"), new byte[] {1, 2, 3, 4, 5});
        List<String> started = new ArrayList<>();
        TrialResult r = run(checkpoints(), 0, started);
        assertEquals(TrialStatus.OK, r.status(), r.error());
        assertEquals("DENSE@0", started.get(0), "started over");
        assertEquals(1 + 3 * 4, r.tickets().size());

        // A checkpoint cut short (a copy that stopped half-way) is refused by its length and checksum.
        Path file = dir.resolve(SPEC.id()).resolve("round-3.ckpt");
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
        started.clear();
        TrialResult again = run(checkpoints(), 0, started);
        assertEquals("DENSE@0", started.get(0), "started over");
        assertEquals(r.epochs(), again.epochs());
    }

    @Test
    void aCheckpointNamingAnyOtherClassIsRefusedBeforeItIsBuilt() throws Exception {
        // Java deserialisation builds whatever classes a stream names; the checkpoint folder comes from the spec.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new java.util.HashMap<>(java.util.Map.of("k", new java.util.Date(0))));
        }
        byte[] payload = bytes.toByteArray();
        ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload));
        in.setObjectInputFilter(TrialCheckpoints.ONLY_STATE);
        InvalidClassException refused = assertThrows(InvalidClassException.class, in::readObject);
        assertTrue(refused.getMessage().contains("REJECTED"), refused.getMessage());

        // The same payload in a well-formed checkpoint file (right magic, format, length and checksum): ignored.
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(file)) {
            out.writeInt(0x4A4B4350);
            out.writeInt(2);
            out.writeUTF("1.0+abc");
            out.writeLong(payload.length);
            out.writeLong(crc.getValue());
            out.write(payload);
        }
        Files.createDirectories(dir.resolve(SPEC.id()));
        Files.write(dir.resolve(SPEC.id()).resolve("round-2.ckpt"), file.toByteArray());
        List<String> started = new ArrayList<>();
        TrialResult r = run(checkpoints(), 0, started);
        assertEquals(TrialStatus.OK, r.status(), r.error());
        assertEquals("DENSE@0", started.get(0), "started over");
    }

    @Test
    void anotherCodeVersionsCheckpointIsIgnoredAndTheTrialStartsOver() {
        assertEquals(TrialStatus.FAILED, run(checkpoints("1.0+abc"), 2, new ArrayList<>()).status());
        // A newer build must not finish what an older one started: its rounds would come from two versions.
        List<String> started = new ArrayList<>();
        TrialResult other = run(checkpoints("1.1+def"), 0, started);
        assertEquals(TrialStatus.OK, other.status(), other.error());
        assertEquals("DENSE@0", started.get(0), "started over");
        // The version that wrote a checkpoint resumes from it: 1.1+def finished, so its round-3 file replays.
        started.clear();
        assertEquals(TrialStatus.OK, run(checkpoints("1.1+def"), 0, started).status());
        assertEquals(List.of(), started, "its own finished checkpoint: nothing trains again");
    }

    @Test
    void anEmptyRootMeansNoCheckpoints() {
        assertFalse(TrialCheckpoints.under("", SPEC.id(), "v").enabled());
        assertFalse(TrialCheckpoints.under(null, SPEC.id(), "v").enabled());
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(SPEC.id()))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static List<TicketRow> withoutSeconds(List<TicketRow> rows) {
        return rows.stream().map(t -> new TicketRow(t.kind(), t.round(), t.sparsityTarget(), t.sparsityAchieved(),
                t.aliveWeights(), t.prunableWeights(), t.finalAcc(), t.bestAcc(), t.bestEpoch(), t.finalLoss(),
                t.epochsTrained(), t.diverged(), 0, t.netWidth(), t.rp(), t.gradNormInit(), t.l2Distance(),
                t.cosineDistance(), t.prunedNonzero())).toList();
    }
}
