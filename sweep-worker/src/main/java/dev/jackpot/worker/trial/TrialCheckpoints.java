package dev.jackpot.worker.trial;

import dev.jackpot.worker.data.HadoopConf;
import dev.jackpot.worker.metrics.RpValues;
import dev.jackpot.worker.prune.Mask;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A trial's checkpoints: after the dense run (round 0) and after every pruning round, everything needed to go on
 * exactly as an uninterrupted run would, in {@code <root>/<trial id>/round-<r>.ckpt}, through Hadoop's FileSystem
 * API (any file system the executors can reach: file://, hdfs://, s3a://).
 *
 * <p>A file is written under a temporary name and renamed, so it is seen whole or not at all; the previous round's
 * file is deleted after that. It holds a magic number, the format, the code version that wrote it, the payload's
 * length and CRC-32, then the Java-serialised {@link State}. A checkpoint that cannot be read (truncated, damaged,
 * of another trial, another format) or that another code version wrote is ignored with a line on stderr, and the
 * trial starts over: a trial's rounds all come from the code version its trials row records. The driver deletes {@code <root>/<trial id>} once the trial's
 * results are committed. Checkpointing is best effort: a checkpoint that cannot be written is reported on stderr
 * and the trial goes on.
 */
public final class TrialCheckpoints {
    private static final int MAGIC = 0x4A4B4350;   // "JKCP"
    private static final int FORMAT = 2;
    private static final Pattern FILE = Pattern.compile("round-(\\d+)\\.ckpt");
    private static final TrialCheckpoints NONE = new TrialCheckpoints(null, null, "");
    /**
     * The only classes a checkpoint may name. Java deserialisation instantiates whatever classes a stream names,
     * and the folder comes from the spec (run.checkpoint-dir), so a crafted file must reach no other class:
     * anything else fails the read, and the trial starts over. Primitive arrays and strings pass by themselves.
     */
    static final ObjectInputFilter ONLY_STATE = ObjectInputFilter.Config.createFilter(
            "maxdepth=10;"
                    + State.class.getName() + ";" + Tensor.class.getName() + ";" + TicketRow.class.getName() + ";"
                    + EpochRow.class.getName() + ";" + LayerRow.class.getName() + ";" + TicketKind.class.getName() + ";"
                    // ArrayList checks its Object[] through the filter as it reads its elements.
                    + RpValues.class.getName() + ";java.lang.Enum;java.util.ArrayList;java.lang.Object;!*");

    private final FileSystem fs;
    private final Path dir;
    /** The code version that writes, and alone may read, these checkpoints. */
    private final String codeVersion;

    private TrialCheckpoints(FileSystem fs, Path dir, String codeVersion) {
        this.fs = fs;
        this.dir = dir;
        this.codeVersion = codeVersion;
    }

    /** No checkpoints: nothing is read or written. */
    public static TrialCheckpoints none() {
        return NONE;
    }

    /**
     * The checkpoints of trial {@code trialId} under {@code root} (a Hadoop path; without a scheme, local);
     * null or empty: none. Only checkpoints written by {@code codeVersion} are resumed from.
     */
    public static TrialCheckpoints under(String root, String trialId, String codeVersion) {
        if (root == null || root.isEmpty()) {
            return NONE;
        }
        Path dir = new Path(new Path(root), trialId);
        try {
            // Not closed: FileSystem.get caches one instance per scheme and authority for the whole JVM.
            return new TrialCheckpoints(dir.getFileSystem(HadoopConf.get()), dir, codeVersion);
        } catch (IOException e) {
            log("cannot open checkpoint folder " + dir + ", running without checkpoints: " + e);
            return NONE;
        }
    }

    boolean enabled() {
        return fs != null;
    }

    /**
     * The serialised state, in a buffer sized for it up front and written out without a copy: a trial writes one
     * checkpoint per round, megabytes each, and a growing buffer and its final copy made a tenth of a quick trial's
     * Java allocations (docs/BENCHMARKS.md).
     */
    private static final class Payload extends ByteArrayOutputStream {
        Payload(int sizeHint) {
            super(sizeHint);
        }

        void updateCrc(CRC32 crc) {
            crc.update(buf, 0, count);
        }
    }

    /** An array as it was: shape, ordering and float32 values (in that ordering). */
    record Tensor(long[] shape, char order, float[] data) implements Serializable {
        static Tensor of(INDArray a) {
            char order = a.ordering();
            return new Tensor(a.shape(), order, a.castTo(DataType.FLOAT).dup(order).data().asFloat());
        }

        INDArray array() {
            return Nd4j.create(data, shape, order);
        }
    }

    /**
     * A trial after round {@code round} (0: the dense run) finished.
     *
     * @param trialId     the trial it belongs to
     * @param round       the last finished round
     * @param theta0      the trial's initial weights
     * @param pruned      the checkpoint the next round's mask is cut from
     * @param rewind      θt of the dense run, null when WR does not run
     * @param maskLayers  the current mask's layers, in order
     * @param maskArrays  their arrays
     * @param anyDiverged a control has diverged so far
     * @param seconds     wall time spent on the trial so far
     * @param tickets     the rows produced so far
     * @param epochs      the rows produced so far
     * @param layers      the rows produced so far
     */
    record State(String trialId, int round, Tensor theta0, Tensor pruned, Tensor rewind, List<String> maskLayers,
                 List<Tensor> maskArrays, boolean anyDiverged, double seconds, List<TicketRow> tickets,
                 List<EpochRow> epochs, List<LayerRow> layers) implements Serializable {

        State {
            // Plain ArrayLists: serialisable whatever list the caller passed.
            maskLayers = new ArrayList<>(maskLayers);
            maskArrays = new ArrayList<>(maskArrays);
            tickets = new ArrayList<>(tickets);
            epochs = new ArrayList<>(epochs);
            layers = new ArrayList<>(layers);
        }

        static State of(String trialId, int round, INDArray theta0, INDArray pruned, INDArray rewind, Mask mask,
                        boolean anyDiverged, double seconds, List<TicketRow> tickets, List<EpochRow> epochs,
                        List<LayerRow> layers) {
            List<String> names = List.copyOf(mask.layerNames());
            return new State(trialId, round, Tensor.of(theta0), Tensor.of(pruned),
                    rewind == null ? null : Tensor.of(rewind), names,
                    names.stream().map(n -> Tensor.of(mask.layer(n))).toList(), anyDiverged, seconds, tickets, epochs,
                    layers);
        }

        /** About the serialised size: the tensors' float32 values, plus room for the rows and the framing. */
        int sizeHint() {
            long floats = theta0.data.length + pruned.data.length + (rewind == null ? 0 : rewind.data.length)
                    + maskArrays.stream().mapToLong(t -> t.data.length).sum();
            // Rows: a few hundred bytes each once serialised (field values; the class descriptors come once).
            long rows = 64L * epochs.size() + 256L * (tickets.size() + layers.size());
            return (int) Math.min(Integer.MAX_VALUE - 16, 4 * floats + rows + (80 << 10));
        }

        Mask mask() {
            Map<String, INDArray> m = new LinkedHashMap<>();
            for (int i = 0; i < maskLayers.size(); i++) {
                m.put(maskLayers.get(i), maskArrays.get(i).array());
            }
            return Mask.of(m);
        }
    }

    /** Writes {@code state} atomically, then deletes the checkpoints of earlier rounds. Never throws. */
    void save(State state) {
        if (!enabled()) {
            return;
        }
        Path target = new Path(dir, "round-" + state.round() + ".ckpt");
        Path temp = new Path(dir, "_tmp-round-" + state.round() + "-" + System.nanoTime());
        try {
            Payload payload = new Payload(state.sizeHint());
            try (ObjectOutputStream out = new ObjectOutputStream(payload)) {
                out.writeObject(state);
            }
            CRC32 crc = new CRC32();
            payload.updateCrc(crc);
            fs.mkdirs(dir);
            try (FSDataOutputStream out = fs.create(temp, true)) {
                out.writeInt(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(codeVersion);
                out.writeLong(payload.size());
                out.writeLong(crc.getValue());
                payload.writeTo(out);
            }
            fs.delete(target, false);   // a rerun of the same round (rename does not replace on every file system)
            if (!fs.rename(temp, target)) {
                throw new IOException("rename " + temp + " -> " + target + " failed");
            }
            for (FileStatus f : fs.listStatus(dir)) {
                Matcher m = FILE.matcher(f.getPath().getName());
                if (m.matches() && Integer.parseInt(m.group(1)) < state.round()) {
                    fs.delete(f.getPath(), false);
                }
            }
        } catch (IOException | RuntimeException e) {
            log("trial " + state.trialId() + ": cannot write checkpoint " + target + " (going on without it): " + e);
            try {
                fs.delete(temp, false);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    /** The latest readable checkpoint of {@code spec}'s trial, if any; unreadable ones are reported and skipped. */
    Optional<State> load(TrialSpec spec) {
        if (!enabled()) {
            return Optional.empty();
        }
        List<Path> files = new ArrayList<>();
        try {
            if (!fs.exists(dir)) {
                return Optional.empty();
            }
            for (FileStatus f : fs.listStatus(dir)) {
                if (FILE.matcher(f.getPath().getName()).matches()) {
                    files.add(f.getPath());
                }
            }
        } catch (IOException e) {
            log("trial " + spec.id() + ": cannot list checkpoints in " + dir + ", starting over: " + e);
            return Optional.empty();
        }
        files.sort(Comparator.comparingInt(TrialCheckpoints::roundOf).reversed());
        for (Path file : files) {
            try {
                State state = read(file);
                if (!state.trialId().equals(spec.id()) || state.round() < 0 || state.round() > spec.rounds()) {
                    throw new IOException("holds trial " + state.trialId() + " round " + state.round());
                }
                log("trial " + spec.id() + ": resuming after round " + state.round() + " from " + file);
                return Optional.of(state);
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                log("trial " + spec.id() + ": ignoring unreadable checkpoint " + file + ": " + e);
            }
        }
        if (!files.isEmpty()) {
            log("trial " + spec.id() + ": no usable checkpoint, starting over");
        }
        return Optional.empty();
    }

    private State read(Path file) throws IOException, ClassNotFoundException {
        byte[] payload;
        try (InputStream raw = fs.open(file); DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a checkpoint");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("format " + format + ", expected " + FORMAT);
            }
            String writtenBy = in.readUTF();
            if (!writtenBy.equals(codeVersion)) {
                throw new IOException("written by code version " + writtenBy + ", this is " + codeVersion);
            }
            long length = in.readLong();
            long expectedCrc = in.readLong();
            if (length < 0 || length > Integer.MAX_VALUE - 8) {
                throw new IOException("bad length " + length);
            }
            payload = new byte[(int) length];
            in.readFully(payload);
            CRC32 crc = new CRC32();
            crc.update(payload);
            if (crc.getValue() != expectedCrc) {
                throw new IOException("checksum mismatch");
            }
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload))) {
            in.setObjectInputFilter(ONLY_STATE);
            return (State) in.readObject();
        }
    }

    private static int roundOf(Path p) {
        Matcher m = FILE.matcher(p.getName());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Checkpoints go to the executor's stderr, which Spark keeps in the executor's log. */
    private static void log(String line) {
        System.err.println("[jackpot checkpoints] " + line);
    }
}
