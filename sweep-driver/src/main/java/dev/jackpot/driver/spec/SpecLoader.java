package dev.jackpot.driver.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.jackpot.driver.spec.SpecReader.Item;
import dev.jackpot.driver.spec.SpecReader.Kind;
import dev.jackpot.worker.data.DatasetRef;
import dev.jackpot.worker.model.Architectures;
import dev.jackpot.worker.prune.PruneFrom;
import dev.jackpot.worker.prune.PruningMethod;
import dev.jackpot.worker.prune.PruningScope;
import dev.jackpot.worker.trial.TicketKind;
import dev.jackpot.worker.trial.TicketSettings;
import dev.jackpot.worker.trial.TrialMode;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.jackpot.driver.spec.SpecReader.distinct;

/**
 * Reads a sweep spec: the defaults of reference.conf (under {@code jackpot}), then the user's file, then
 * {@code --set key=value} overrides, each overriding the one before. All validation happens here, before
 * anything runs, so a bad spec fails in a second with a message naming the key rather than hours later
 * inside a Spark task.
 */
public final class SpecLoader {
    /** reference.conf keeps its defaults under this key so they cannot clash in a shaded jar. */
    static final String PREFIX = "jackpot";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    /** A URI with a scheme other than file: (hdfs://, s3a://): the driver cannot check it, the workers read it. */
    private static final Pattern REMOTE = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");

    /** How spec files and --set values are parsed: includes of local files and classpath resources only. */
    private static final ConfigParseOptions PARSE_OPTIONS = ConfigParseOptions.defaults().setIncluder(new SpecIncluder());

    private SpecLoader() {}

    /** Reads {@code specFile}, applies {@code overrides} ({@code key=value}, value in HOCON) and validates. */
    public static SweepSpec load(Path specFile, List<String> overrides) {
        Config user = ConfigFactory.empty();
        for (String o : overrides) user = parseOverride(o).withFallback(user); // a later --set wins
        return fromConfig(user.withFallback(parseFile(specFile)));
    }

    /** Validates a user config (keys without the {@code jackpot} prefix) merged over the defaults. */
    public static SweepSpec fromConfig(Config userConfig) {
        Config reference = reference();
        Config merged;
        try {
            merged = userConfig.withFallback(reference).resolve();
        } catch (ConfigException e) { // e.g. an unresolved ${substitution}; the message names file and line
            throw new SpecException(oneLine(e.getMessage()), e);
        }
        KeyCheck.requireKnown(merged, reference);
        SpecReader r = new SpecReader(merged);

        String name = r.scalar("sweep.name", Kind.STRING).require(
                n -> NAME.matcher(n).matches() && !n.equals(".") && !n.equals(".."),
                "must match [A-Za-z0-9._-]+ and not be '.' or '..'");
        Item<String> output = r.scalar("sweep.output", Kind.STRING);
        output.require(s -> !s.isBlank(), "must be a folder, relative to run.output-root");

        Map<String, DatasetRef> datasets = new LinkedHashMap<>();
        datasets.put(DatasetRef.BUNDLED, DatasetRef.bundled());
        Config effective = merged; // what is saved: as merged, but with dataset paths made absolute
        for (DatasetRef d : datasets(r, merged)) {
            datasets.put(d.name(), d);
            effective = effective.withValue(ConfigUtil.joinPath(KeyCheck.DATASETS, d.name(), "path"),
                    ConfigValueFactory.fromAnyRef(d.path()));
        }

        Grid grid = grid(r, datasets);
        Grid.Shared shared = shared(r);
        if (shared.tickets().contains(TicketKind.WR)) requireRewindableEpochs(r);
        RunSettings run = run(r);
        AnalysisSettings analysis = AnalysisReader.read(r, merged);
        // JSON (which HOCON reads too) so that analysis scripts can read it without a HOCON parser.
        String rendered = effective.root().render(ConfigRenderOptions.concise().setFormatted(true));
        String outputDir = OutputLocation.resolve(output, name, r.scalar("run.output-root", Kind.STRING),
                allowAbsolutePaths(r), Path.of("").toAbsolutePath());
        return new SweepSpec(name, outputDir, grid.expand(shared), run, analysis, rendered);
    }

    /**
     * The analysis settings of a sweep that already ran, for {@code sweep report}: the {@code analysis} block of
     * its saved {@code sweep.conf} (null or a missing file: none, e.g. a sweep from before the block existed)
     * over the defaults, then {@code overrides}, which may only be {@code analysis.*} keys. The rest of the saved
     * file is not validated again: its dataset folders, say, need not exist where the report runs.
     */
    public static AnalysisSettings loadAnalysis(Path savedSweepConf, List<String> overrides) {
        Config user = ConfigFactory.empty();
        for (String o : overrides) {
            Config one = parseOverride(o);
            if (!one.hasPath(AnalysisReader.BLOCK)) {
                throw new SpecException("--set " + o + ": a report only takes analysis.* settings, e.g. "
                        + "--set analysis.gap=1.0; the other settings are the sweep's own (its sweep.conf)");
            }
            user = one.withFallback(user);
        }
        if (savedSweepConf != null && Files.exists(savedSweepConf)) {
            Config saved = parseFile(savedSweepConf);
            if (saved.hasPath(AnalysisReader.BLOCK)) {
                user = user.withFallback(saved.withOnlyPath(AnalysisReader.BLOCK));
            }
        }
        Config reference = reference().withOnlyPath(AnalysisReader.BLOCK);
        Config merged;
        try {
            merged = user.withFallback(reference).resolve();
        } catch (ConfigException e) {
            throw new SpecException(oneLine(e.getMessage()), e);
        }
        KeyCheck.requireKnown(merged, reference);
        return AnalysisReader.read(new SpecReader(merged), merged);
    }

    private static Grid grid(SpecReader r, Map<String, DatasetRef> datasets) {
        String knownArchitectures = "unknown architecture; known: " + Architectures.describeKnown();
        List<Item<String>> architectures = r.axis("grid.architecture", Kind.STRING);
        architectures.forEach(it -> it.require(Architectures::isKnown, knownArchitectures));

        String knownDatasets = "unknown dataset; known: " + String.join(", ", datasets.keySet());
        List<Item<DatasetRef>> data = r.axis("grid.dataset", Kind.STRING).stream()
                .map(it -> it.convert(datasets::get, knownDatasets)).toList();

        List<Item<Double>> widths = r.axis("grid.width", Kind.NUMBER);
        widths.forEach(it -> it.require(v -> v > 0, "must be > 0"));
        List<Item<Double>> lrs = r.axis("grid.lr", Kind.NUMBER);
        lrs.forEach(it -> it.require(v -> v > 0, "must be > 0"));
        List<Item<Integer>> epochs = r.axis("grid.epochs", Kind.INT);
        epochs.forEach(it -> it.require(v -> v >= 1, "must be >= 1"));
        List<Item<Long>> seeds = r.axis("grid.seed", Kind.LONG);
        seeds.forEach(it -> it.require(v -> v >= 0, "must be >= 0"));
        List<Item<PruningMethod>> methods = r.axis("grid.pruning-method", Kind.STRING).stream()
                .map(it -> it.convert(s -> parseEnum(PruningMethod.class, s), "must be one of imp, omp")).toList();

        return new Grid(
                distinct("grid.architecture", architectures),
                distinct("grid.dataset", data),
                distinct("grid.width", widths),
                distinct("grid.residual", r.axis("grid.residual", Kind.BOOLEAN)),
                distinct("grid.lr", lrs),
                distinct("grid.epochs", epochs),
                distinct("grid.seed", seeds),
                distinct("grid.pruning-method", methods));
    }

    private static Grid.Shared shared(SpecReader r) {
        int batchSize = r.scalar("train.batch-size", Kind.INT).require(v -> v >= 1, "must be >= 1");
        double momentum = r.scalar("train.momentum", Kind.NUMBER).require(v -> v >= 0 && v < 1, "must be in [0, 1)");
        double weightDecay = r.scalar("train.weight-decay", Kind.NUMBER).require(v -> v >= 0, "must be >= 0");
        List<Item<Double>> drops = r.list("train.lr-drops", Kind.NUMBER);
        drops.forEach(it -> it.require(v -> v > 0 && v < 1, "must be a fraction of the epochs in (0, 1)"));
        double dropFactor = r.scalar("train.lr-drop-factor", Kind.NUMBER).require(v -> v > 0 && v <= 1, "must be in (0, 1]");

        PruningScope scope = r.scalar("prune.scope", Kind.STRING)
                .convert(s -> parseEnum(PruningScope.class, s), "must be one of global, layerwise").value();
        double rate = r.scalar("prune.rate", Kind.NUMBER).require(v -> v > 0 && v < 1, "must be in (0, 1)");
        int rounds = r.scalar("prune.rounds", Kind.INT).require(v -> v >= 1, "must be >= 1");
        PruneFrom from = r.scalar("prune.from", Kind.STRING)
                .convert(s -> parseEnum(PruneFrom.class, s), "must be one of best, final").value();
        List<Item<String>> exclude = r.list("prune.exclude", Kind.STRING);
        exclude.forEach(it -> it.require(s -> !s.isBlank(), "must be a layer name or first-conv, last-dense"));

        return new Grid.Shared(batchSize, momentum, weightDecay, distinct("train.lr-drops", drops), dropFactor,
                scope, rate, rounds, from, exclude.stream().map(Item::value).toList(), tickets(r), ticketSettings(r),
                trialMode(r, batchSize));
    }

    /** The {@code trial} block; the workers are read (and checked) in either mode, so a typo never waits. */
    private static TrialMode trialMode(SpecReader r, int batchSize) {
        TrialMode.Kind kind = r.scalar("trial.mode", Kind.STRING)
                .convert(s -> s.contains("_") ? null : parseEnum(TrialMode.Kind.class, s.replace('-', '_')),
                        "must be one of single, data-parallel")
                .value();
        int workers = r.scalar("trial.data-parallel.workers", Kind.INT).require(v -> v >= 1 && v <= batchSize,
                "must be in [1, train.batch-size]: each worker takes a slice of every minibatch");
        return kind == TrialMode.Kind.SINGLE ? TrialMode.SINGLE : TrialMode.dataParallel(workers);
    }

    private static TicketSettings ticketSettings(SpecReader r) {
        double rewind = r.scalar("ticket-settings.wr-rewind-fraction", Kind.NUMBER)
                .require(v -> v > 0 && v < 1, "must be a fraction of the epochs in (0, 1)");
        double lastKeep = r.scalar("ticket-settings.rt-last-layer-keep", Kind.NUMBER)
                .require(v -> v > 0 && v <= 1, "must be in (0, 1]");
        int examples = atLeastOne(r, "metrics.grad-norm-examples");
        return new TicketSettings(rewind, lastKeep, examples);
    }

    /** WR rewinds to an epoch t in [1, T - 1], so it needs T >= 2. */
    private static void requireRewindableEpochs(SpecReader r) {
        for (Item<Integer> it : r.axis("grid.epochs", Kind.INT)) {
            it.require(v -> v >= 2, "WR (weight rewinding) rewinds to an epoch t in [1, T - 1] and needs T >= 2; "
                    + "use more epochs or remove WR from tickets");
        }
    }

    private static Set<TicketKind> tickets(SpecReader r) {
        String selectable = Arrays.stream(TicketKind.values()).filter(TicketKind::selectable)
                .map(Enum::name).collect(Collectors.joining(", "));
        List<Item<TicketKind>> tickets = new ArrayList<>();
        for (Item<String> it : r.list("tickets", Kind.STRING)) {
            Item<TicketKind> kind = it.convert(s -> parseEnum(TicketKind.class, s), "unknown ticket kind; choose from " + selectable);
            kind.require(TicketKind::selectable, "DENSE always runs; choose from " + selectable);
            tickets.add(kind);
        }
        if (tickets.isEmpty()) throw new SpecException("tickets: empty; list at least one of " + selectable);
        return EnumSet.copyOf(distinct("tickets", tickets));
    }

    private static RunSettings run(SpecReader r) {
        String master = r.scalar("run.master", Kind.STRING).require(s -> !s.isBlank(), "must not be empty");
        return new RunSettings(master,
                atLeastOne(r, "run.task-cpus"),
                atLeastOne(r, "run.max-trials"),
                atLeastOne(r, "run.max-attempts"),
                atLeastOne(r, "run.commit-every-trials"),
                atLeastOne(r, "run.commit-every-seconds"),
                checkpointDir(r),
                atLeastOne(r, "run.lock-stale-seconds"));
    }

    private static boolean allowAbsolutePaths(SpecReader r) {
        return r.scalar("run.allow-absolute-paths", Kind.BOOLEAN).value();
    }

    /**
     * "" (off), a relative path without ".." (under the sweep's output folder), or, like sweep.output, an absolute
     * path or URI only with run.allow-absolute-paths: checkpoints are written, so they are confined as outputs are.
     */
    private static String checkpointDir(SpecReader r) {
        Item<String> item = r.scalar("run.checkpoint-dir", Kind.STRING);
        String dir = item.value();
        boolean relative = !dir.startsWith("/") && !dir.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
        if (!relative && !allowAbsolutePaths(r)) {
            throw item.error("an absolute path; checkpoints go under the sweep's output folder: give a path "
                    + "relative to it, or set run.allow-absolute-paths = true");
        }
        return item.require(d -> !relative || java.util.Arrays.stream(d.split("/")).noneMatch(".."::equals),
                "a relative path must stay inside the sweep's output folder (no '..')");
    }

    private static int atLeastOne(SpecReader r, String key) {
        return r.scalar(key, Kind.INT).require(v -> v >= 1, "must be >= 1");
    }

    /** The user's extra datasets, by name in sorted order, with checked, absolute local paths. */
    private static List<DatasetRef> datasets(SpecReader r, Config merged) {
        Set<String> names;
        try {
            names = new TreeSet<>(merged.getObject(KeyCheck.DATASETS).keySet());
        } catch (ConfigException e) { // null; other wrong types were refused by KeyCheck
            throw new SpecException("datasets: expected an object of named datasets");
        }
        return names.stream().map(name -> {
            String base = ConfigUtil.joinPath(KeyCheck.DATASETS, name);
            if (name.equals(DatasetRef.BUNDLED)) {
                throw new SpecException(base + ": this name is the bundled dataset's; choose another name");
            }
            String format = DatasetRef.IDX;
            if (r.has(base + ".format")) {
                format = r.scalar(base + ".format", Kind.STRING)
                        .require(f -> DatasetRef.FORMATS.contains(f.toLowerCase(Locale.ROOT)),
                                "must be one of " + String.join(", ", DatasetRef.FORMATS))
                        .toLowerCase(Locale.ROOT);
            }
            if (!r.has(base + ".path")) {
                throw new SpecException(base + ".path: missing; write " + base
                        + " { format = idx, path = \"/dir/with/idx/files\" } (or format = cifar10)");
            }
            return new DatasetRef(name, format, datasetPath(r.scalar(base + ".path", Kind.STRING)));
        }).toList();
    }

    /** A local folder made absolute and normalised (it must exist), or a remote URI as written. */
    private static String datasetPath(Item<String> item) {
        String text = item.require(s -> !s.isBlank(), "must be a folder holding the dataset's files").trim();
        if (REMOTE.matcher(text).matches() && !text.startsWith("file:")) return text;
        Path path;
        try {
            path = text.startsWith("file:") ? Path.of(URI.create(text)) : Path.of(text);
        } catch (IllegalArgumentException e) {
            throw item.error("not a valid path or file: URI");
        }
        path = path.toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw item.error(Files.exists(path) ? "not a folder" : "folder does not exist");
        }
        return path.toString();
    }

    /** Case-insensitive enum lookup; null when {@code s} names no constant. */
    private static <E extends Enum<E>> E parseEnum(Class<E> type, String s) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s.trim())) return e;
        }
        return null;
    }

    private static Config reference() {
        return ConfigFactory.parseResources(SpecLoader.class.getClassLoader(), "reference.conf").getConfig(PREFIX);
    }

    private static Config parseFile(Path file) {
        if (!Files.exists(file)) throw new SpecException("spec file " + file + " does not exist");
        if (!Files.isRegularFile(file)) throw new SpecException("spec file " + file + " is not a file");
        try {
            return ConfigFactory.parseFile(file.toFile(), PARSE_OPTIONS.setAllowMissing(false));
        } catch (ConfigException.Parse e) {
            // The error may be in an included file: name the file the origin names, if any.
            String where = e.origin() != null && e.origin().filename() != null ? e.origin().filename() : file.toString();
            int line = e.origin() != null ? e.origin().lineNumber() : -1;
            throw new SpecException(where + ": parse error at line " + line + ": " + detail(e), e);
        } catch (ConfigException e) {
            throw new SpecException(file + ": " + detail(e), e);
        }
    }

    /**
     * One {@code --set key=value}. The value is parsed as HOCON so lists and numbers work
     * ({@code grid.lr=[0.1,0.01]}); text that is not a HOCON value, or reads as an unquoted string, is taken
     * verbatim, because HOCON rejects {@code local[*]} and would cut {@code spark://host} at the '//'.
     */
    private static Config parseOverride(String override) {
        int eq = override.indexOf('=');
        if (eq < 0) throw new SpecException("--set " + override + ": expected key=value, e.g. grid.lr=[0.1,0.01]");
        String key = override.substring(0, eq).trim();
        String text = override.substring(eq + 1).trim();
        try {
            ConfigUtil.splitPath(key);
        } catch (ConfigException e) {
            throw new SpecException("--set " + override + ": '" + key + "' is not a valid key, e.g. grid.lr", e);
        }
        ConfigValue value = ConfigValueFactory.fromAnyRef(text, "--set " + key);
        try {
            ConfigValue parsed = ConfigFactory.parseString("v = " + text, PARSE_OPTIONS).getValue("v");
            if (parsed.valueType() != ConfigValueType.STRING || text.startsWith("\"")) value = parsed;
        } catch (ConfigException e) {
            // not a HOCON value: keep the verbatim string
        }
        return ConfigFactory.empty().withValue(key, value);
    }

    /** A ConfigException's message without its leading origin ("file: 3: "), on one line. */
    private static String detail(ConfigException e) {
        String msg = e.getMessage();
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            if (msg.startsWith(prefix)) msg = msg.substring(prefix.length());
        }
        return oneLine(msg);
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ");
    }
}
