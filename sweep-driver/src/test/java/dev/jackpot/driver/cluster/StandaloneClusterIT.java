package dev.jackpot.driver.cluster;

import dev.jackpot.driver.spec.SpecLoader;
import dev.jackpot.worker.trial.TrialSpec;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster jar on a real Spark standalone cluster: a Master and two Workers (1 core, 2 GB each) as separate
 * JVMs on 127.0.0.1, a sweep submitted through {@code SparkSubmit} in client mode, then the result tables.
 * This is where what {@code local[*]} hides shows up: a class missing from the jar, a closure that does not
 * serialise, natives that do not load in an executor, results written where the driver cannot see them.
 */
class StandaloneClusterIT {
    static final int WORKERS = 2;
    static Path dir;
    static StandaloneCluster cluster;
    static List<TrialSpec> trials;
    static int submitStatus;
    static List<TrialSpec> dpTrials;
    static int dpSubmitStatus;

    @BeforeAll
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    static void submitASweep() throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("jackpot.cluster-jar"));
        Path sparkHome = Path.of(System.getProperty("jackpot.spark-home"));
        assertTrue(Files.isRegularFile(jar), "no cluster jar at " + jar + " (mvn package builds it)");
        assertTrue(Files.isDirectory(sparkHome.resolve("jars")), "no Spark jars in " + sparkHome);
        dir = Path.of(System.getProperty("jackpot.it-dir"));
        StandaloneCluster.deleteRecursively(dir);
        Files.createDirectories(dir.resolve("events"));

        // 4 short trials (2 seeds x residual on/off; 1 epoch; dense + 1 round of LT): enough for two executors.
        Path spec = dir.resolve("cluster.conf");
        Files.writeString(spec, """
                sweep { name = cluster, output = "%s" }
                run.allow-absolute-paths = true
                grid {
                  architecture = [resmlp1]
                  width = [0.1]
                  residual = [true, false]
                  lr = [0.05]
                  epochs = [1]
                  seed = [1, 2]
                }
                prune.rounds = 1
                tickets = [LT]
                run.commit-every-trials = 2
                """.formatted(dir.resolve("results")));
        trials = SpecLoader.load(spec, List.of()).trials();

        // RPC authentication as docker/jackpot-cluster sets it up: a shared secret in every process's
        // spark-defaults.conf (Master, Workers, driver); Workers hand it to their executors.
        Path conf = StandaloneCluster.authenticatedConf(dir);
        cluster = new StandaloneCluster(sparkHome, conf, StandaloneCluster.options("jackpot.spark-jvm-options"), dir);
        // Generous timeouts: on a busy 2-core machine the JVMs alone take a minute to start. Together they stay
        // within the 5 minutes of this method.
        cluster.start(WORKERS, 1, "2g", Duration.ofSeconds(120));
        List<String> submit = cluster.clientModeOptions(WORKERS);
        // The event log is what the history server's UI shows: the jobs' groups and descriptions are in it.
        submit.addAll(List.of("--conf", "spark.eventLog.enabled=true",
                "--conf", "spark.eventLog.dir=" + dir.resolve("events").toUri(),
                jar.toString(), "run", spec.toString(), "--no-summary", "--no-report"));
        submitStatus = cluster.submit(submit, Duration.ofSeconds(300));

        // Then a data-parallel trial (trial.mode = data-parallel), a second application on the same cluster: each
        // step of its runs is a dl4j-spark parameter-averaging round over both executors, so the hooks, the network
        // and the slices cross JVMs serialised, as local mode never shows. ~40 steps (256-row minibatches).
        Path dpSpec = dir.resolve("cluster-dp.conf");
        Files.writeString(dpSpec, """
                sweep { name = cluster-dp, output = "%s" }
                run.allow-absolute-paths = true
                grid { architecture = [resmlp1], width = [0.1], lr = [0.05], epochs = [1], seed = [1] }
                train.batch-size = 256
                prune.rounds = 1
                tickets = [LT]
                trial { mode = data-parallel, data-parallel.workers = %d }
                """.formatted(dir.resolve("results"), WORKERS));
        dpTrials = SpecLoader.load(dpSpec, List.of()).trials();
        Files.createDirectories(dir.resolve("events-dp"));
        List<String> dpSubmit = cluster.clientModeOptions(WORKERS);
        dpSubmit.addAll(List.of("--conf", "spark.eventLog.enabled=true",
                "--conf", "spark.eventLog.dir=" + dir.resolve("events-dp").toUri(),
                jar.toString(), "run", dpSpec.toString(), "--no-summary", "--no-report"));
        dpSubmitStatus = cluster.awaitSubmit(cluster.startSubmit("submit-dp", dpSubmit), Duration.ofSeconds(180));
    }

    @AfterAll
    static void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static SparkSession spark() {
        return SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
    }

    private static List<Row> trialsTable() {
        return spark().read().parquet(dir.resolve("results/cluster/trials").toString())
                .select("trial_id", "status", "error", "executor_id", "host", "threads").collectAsList();
    }

    @Test
    void everyTrialIsPresentExactlyOnceAndOk() {
        assertEquals(0, submitStatus, "spark-submit failed\n" + cluster.logs());
        List<Row> rows = trialsTable();
        List<String> ids = rows.stream().map(r -> r.getString(0)).sorted().toList();
        List<String> expected = trials.stream().map(TrialSpec::id).sorted().toList();
        assertEquals(expected, ids, "trial ids in the trials table");
        for (Row r : rows) {
            assertEquals("ok", r.getString(1), "trial " + r.getString(0) + ": " + r.getString(2));
            assertEquals(1, r.getInt(5), "ND4J threads of trial " + r.getString(0) + " (spark.task.cpus = 1)");
        }
        // dense + 1 round of LT per trial
        long tickets = spark().read().parquet(dir.resolve("results/cluster/tickets").toString()).count();
        assertEquals(trials.size() * 2L, tickets, "ticket rows");
    }

    @Test
    void trialsRanOnTheExecutorsOfBothWorkers() throws IOException {
        assertEquals(0, submitStatus, "spark-submit failed\n" + cluster.logs());
        // An executor runs in <worker work dir>/<app id>/<executor id>/: that ties executor ids to Workers.
        Map<String, Integer> workerOfExecutor = new HashMap<>();
        for (int w = 0; w < WORKERS; w++) {
            for (String executor : executorDirs(cluster.workerDirs().get(w))) {
                workerOfExecutor.put(executor, w);
            }
        }
        Set<Integer> workersUsed = new TreeSet<>();
        for (Row r : trialsTable()) {
            String executor = r.getString(3);
            assertTrue(workerOfExecutor.containsKey(executor),
                    "trial " + r.getString(0) + " ran on executor '" + executor + "' of no Worker " + workerOfExecutor);
            workersUsed.add(workerOfExecutor.get(executor));
            assertTrue(!r.getString(4).isBlank(), "host of trial " + r.getString(0));
        }
        assertEquals(Set.of(0, 1), workersUsed, "Workers whose executors ran trials");
    }

    @Test
    void eachJobIsNamedAfterItsTrial() throws IOException {
        assertEquals(0, submitStatus, "spark-submit failed\n" + cluster.logs());
        // SparkListenerJobStart events carry the job's local properties: the group and the description the UI shows.
        Pattern group = Pattern.compile("\"spark\\.jobGroup\\.id\":\"trial-([0-9a-f]+)\"");
        Pattern description = Pattern.compile("\"spark\\.job\\.description\":\"trial ([0-9a-f]+): ");
        Set<String> groups = new HashSet<>();
        Set<String> described = new HashSet<>();
        List<Path> logs;
        try (Stream<Path> files = Files.list(dir.resolve("events"))) {
            logs = files.toList();
        }
        assertEquals(1, logs.size(), "event logs " + logs);
        for (String line : Files.readAllLines(logs.get(0))) {
            if (line.contains("\"Event\":\"SparkListenerJobStart\"")) {
                Matcher g = group.matcher(line);
                Matcher d = description.matcher(line);
                if (g.find()) groups.add(g.group(1));
                if (d.find()) described.add(d.group(1));
            }
        }
        Set<String> expected = trials.stream().map(TrialSpec::id).collect(Collectors.toSet());
        assertEquals(expected, groups, "job groups");
        assertEquals(expected, described, "job descriptions");
    }

    @Test
    void everyProcessAuthenticates() throws IOException {
        assertEquals(0, submitStatus, "spark-submit failed\n" + cluster.logs());
        List<Path> logs = new ArrayList<>(cluster.logFiles().values());
        for (Path worker : cluster.workerDirs()) {
            try (Stream<Path> files = Files.walk(worker)) {
                files.filter(f -> f.getFileName().toString().equals("stderr")).forEach(logs::add); // executors
            }
        }
        // Two applications: the sweep and the data-parallel one, each a driver and one executor per Worker.
        assertEquals(1 + WORKERS + 2 * (1 + WORKERS), logs.size(), "logs of master, workers, drivers, executors: " + logs);
        for (Path log : logs) {
            // SecurityManager's first line in every Spark process
            assertTrue(Files.readString(log).contains("authentication enabled"), log + " does not authenticate");
        }
    }

    @Test
    void aDataParallelTrialTrainsAcrossTheExecutorsOfBothWorkers() throws IOException {
        assertEquals(0, dpSubmitStatus, "data-parallel spark-submit failed\n" + cluster.logs());
        List<Row> rows = spark().read().parquet(dir.resolve("results/cluster-dp/trials").toString())
                .select("trial_id", "status", "error", "mode", "executor_id").collectAsList();
        assertEquals(1, rows.size());
        Row trial = rows.get(0);
        assertEquals(dpTrials.get(0).id(), trial.getString(0));
        assertEquals("ok", trial.getString(1), trial.getString(2));
        assertEquals("data-parallel", trial.getString(3));
        assertEquals("data-parallel x " + WORKERS, trial.getString(4));
        List<Row> tickets = spark().read().parquet(dir.resolve("results/cluster-dp/tickets").toString())
                .select("kind", "pruned_nonzero").collectAsList();
        assertEquals(2, tickets.size(), "dense + 1 round of LT");
        tickets.forEach(t -> assertEquals(0L, t.getLong(1), "pruned weights revived in " + t));
        // The training steps' tasks ran on both executors (one per Worker), in the trial's job group.
        List<Path> logs;
        try (Stream<Path> files = Files.list(dir.resolve("events-dp"))) {
            logs = files.toList();
        }
        assertEquals(1, logs.size(), "event logs " + logs);
        Pattern executor = Pattern.compile("\"Executor ID\":\"([^\"]+)\"");
        Set<String> executors = new TreeSet<>();
        boolean grouped = false;
        for (String line : Files.readAllLines(logs.get(0))) {
            if (line.contains("\"Event\":\"SparkListenerTaskEnd\"")) {
                Matcher m = executor.matcher(line);
                if (m.find()) executors.add(m.group(1));
            }
            grouped |= line.contains("\"Event\":\"SparkListenerJobStart\"")
                    && line.contains("\"spark.jobGroup.id\":\"trial-" + dpTrials.get(0).id() + "\"");
        }
        assertEquals(WORKERS, executors.size(), "executors that ran tasks: " + executors);
        assertTrue(grouped, "no job in the data-parallel trial's group");
    }

    private static List<String> executorDirs(Path workerDir) throws IOException {
        List<String> executors = new ArrayList<>();
        try (Stream<Path> apps = Files.list(workerDir)) {
            // Only the sweep's application, the first submitted (app ids sort by submission); the data-parallel one
            // numbers its executors from 0 again.
            for (Path app : apps.filter(Files::isDirectory).sorted().limit(1).toList()) {
                try (Stream<Path> ex = Files.list(app)) {
                    ex.filter(Files::isDirectory).forEach(e -> executors.add(e.getFileName().toString()));
                }
            }
        }
        return executors;
    }
}
