package dev.jackpot.driver.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1 made of real JVMs: one Master and {@code n} Workers, started from a
 * SPARK_HOME folder whose {@code jars/} holds Spark's runtime jars (the build copies them there). Each process
 * writes its output to {@code <dir>/<name>.log}. {@link #close()} stops every process it started, and their
 * children (the executors the Workers launch), also when a start failed half-way.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final String MASTER = "org.apache.spark.deploy.master.Master";
    private static final String WORKER = "org.apache.spark.deploy.worker.Worker";
    private static final String SUBMIT = "org.apache.spark.deploy.SparkSubmit";
    private static final String HOST = "127.0.0.1";

    private final Path sparkHome;
    private final Path confDir;
    private final List<String> sparkJvmOptions;
    private final Path dir;
    private final List<Started> started = new ArrayList<>();
    private final List<Path> workerDirs = new ArrayList<>();
    private String masterUrl;
    private int masterUiPort;

    /** A process this cluster started, with the log it writes to. */
    record Started(String name, Process process, Path log) {}

    /**
     * @param sparkHome       a folder with Spark's jars in {@code jars/}
     * @param confDir         SPARK_CONF_DIR of every process: its spark-defaults.conf applies to them all
     * @param sparkJvmOptions the --add-opens options Spark's launcher would add on Java 17
     * @param dir             where logs and the Workers' work folders go
     */
    StandaloneCluster(Path sparkHome, Path confDir, List<String> sparkJvmOptions, Path dir) {
        this.sparkHome = sparkHome;
        this.confDir = confDir;
        this.sparkJvmOptions = sparkJvmOptions;
        this.dir = dir;
    }

    /** Starts the Master and {@code workers} Workers of {@code cores} cores and {@code memory} each, and waits until all are registered. */
    void start(int workers, int cores, String memory, Duration timeout) throws IOException, InterruptedException {
        int masterPort = freePort();
        masterUiPort = freePort();
        masterUrl = "spark://" + HOST + ":" + masterPort;
        launch("master", MASTER, List.of("--host", HOST, "--port", Integer.toString(masterPort),
                "--webui-port", Integer.toString(masterUiPort)));
        for (int i = 1; i <= workers; i++) {
            Path workDir = Files.createDirectories(dir.resolve("worker-" + i));
            workerDirs.add(workDir);
            // Port 0: the Worker's RPC and UI ports are picked by the OS, so parallel builds cannot clash.
            launch("worker-" + i, WORKER, List.of("--host", HOST, "--port", "0", "--webui-port", "0",
                    "--cores", Integer.toString(cores), "--memory", memory, "--work-dir", workDir.toString(), masterUrl));
        }
        awaitWorkers(workers, timeout);
    }

    String masterUrl() {
        return masterUrl;
    }

    /** The Workers' work folders, in start order: each executor runs in {@code <work>/<app id>/<executor id>/}. */
    List<Path> workerDirs() {
        return List.copyOf(workerDirs);
    }

    /**
     * Runs {@code org.apache.spark.deploy.SparkSubmit} with {@code args} in its own JVM (the driver, in client mode)
     * and returns its exit status, or fails when it takes longer than {@code timeout}.
     */
    int submit(List<String> args, Duration timeout) throws IOException, InterruptedException {
        return awaitSubmit(startSubmit(args), timeout);
    }

    /** Starts {@code SparkSubmit} with {@code args} and returns at once; {@link #close()} stops it if still running. */
    Process startSubmit(List<String> args) throws IOException {
        return startSubmit("submit", args);
    }

    /** As {@link #startSubmit(List)}, logging to {@code <name>.log}: a second application beside the first. */
    Process startSubmit(String name, List<String> args) throws IOException {
        return launch(name, SUBMIT, args).process();
    }

    /** The exit status of a submit started with {@link #startSubmit}, or fails when it takes longer than {@code timeout}. */
    int awaitSubmit(Process submit, Duration timeout) throws InterruptedException {
        if (!submit.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("spark-submit did not finish within " + timeout + "\n" + logs());
        }
        return submit.exitValue();
    }

    /**
     * The spark-submit options every cluster test uses to run the cluster jar's driver in client mode here:
     * 1 CPU per task, {@code executors} executors of one core (each Worker gives one), the run waiting for all of
     * them before its first trial, executor memory and ND4J's off-heap bounds within a Worker's 2 GB, no UI.
     * Append further {@code --conf}s, then the jar and the application's arguments.
     */
    List<String> clientModeOptions(int executors) {
        return new ArrayList<>(List.of(
                "--master", masterUrl,
                "--deploy-mode", "client",
                "--class", "dev.jackpot.driver.cli.Main",
                "--conf", "spark.driver.host=" + HOST,
                "--conf", "spark.driver.bindAddress=" + HOST,
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.task.cpus=1",
                "--conf", "spark.executor.memory=768m",
                // Heap plus ND4J's off-heap arrays, bounded, within the Worker's 2 GB.
                "--conf", "spark.executor.extraJavaOptions=-Dorg.bytedeco.javacpp.maxbytes=512m"
                        + " -Dorg.bytedeco.javacpp.maxphysicalbytes=1536m",
                // Wait for every executor before the first trial, so all get work however fast one starts.
                "--conf", "spark.cores.max=" + executors,
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s"));
    }

    /**
     * The executor JVMs ({@code CoarseGrainedExecutorBackend}) the Workers have launched and that are alive now, in
     * Worker start order.
     */
    List<ProcessHandle> executors() {
        return started.stream().filter(s -> s.name().startsWith("worker-"))
                .flatMap(s -> s.process().toHandle().descendants())
                .filter(p -> p.isAlive() && commandLine(p).contains("CoarseGrainedExecutorBackend"))
                .toList();
    }

    private static String commandLine(ProcessHandle p) {
        try {
            // /proc has the whole command line; ProcessHandle.Info may be empty or cut short.
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return p.info().commandLine().orElse("");
        }
    }

    /**
     * A SPARK_CONF_DIR under {@code dir} whose spark-defaults.conf turns on RPC authentication with a fresh random
     * secret, as docker/jackpot-cluster sets it up: Master, Workers and driver read it; Workers hand it to executors.
     */
    static Path authenticatedConf(Path dir) throws IOException {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(conf.resolve("spark-defaults.conf"),
                "spark.authenticate true\nspark.authenticate.secret " + java.util.HexFormat.of().formatHex(bytes) + "\n");
        return conf;
    }

    /** Deletes {@code path} and everything under it, if it exists. */
    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Started launch(String name, String mainClass, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The daemons need little heap; what executors get is the Workers' --memory. The driver holds result rows.
        command.add(name.startsWith("submit") ? "-Xmx1g" : "-Xmx256m");
        // Short-lived JVMs that mostly wait: a quick JIT and one GC thread leave the cores to the executors.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(sparkJvmOptions);
        command.add("-cp");
        command.add(sparkHome.resolve("jars") + "/*");
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Path log = dir.resolve(name + ".log");
        builder.redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // Workers build executor command lines from SPARK_HOME/jars; without a build tree next to it, Spark's
        // launcher needs to be told the Scala version instead of guessing it from launcher/target/scala-*.
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", HOST);
        env.put("SPARK_CONF_DIR", confDir.toString());
        env.remove("HADOOP_CONF_DIR");
        env.remove("YARN_CONF_DIR");
        Started s = new Started(name, builder.start(), log);
        started.add(s);
        return s;
    }

    private void awaitWorkers(int expected, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI status = URI.create("http://" + HOST + ":" + masterUiPort + "/json/");
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            for (Started s : started) {
                if (!s.process().isAlive()) {
                    throw new AssertionError(s.name() + " exited with " + s.process().exitValue() + "\n" + logs());
                }
            }
            try {
                String body = http.send(HttpRequest.newBuilder(status).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = alive.matcher(body);
                if (m.find() && (seen = Integer.parseInt(m.group(1))) >= expected) {
                    return;
                }
            } catch (IOException e) {
                // the Master's UI is not up yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(seen + " of " + expected + " workers registered within " + timeout + "\n" + logs());
    }

    /** The logs of the processes started so far, by name (master, worker-1, ..., submit). */
    Map<String, Path> logFiles() {
        Map<String, Path> logs = new java.util.LinkedHashMap<>();
        started.forEach(s -> logs.put(s.name(), s.log()));
        return logs;
    }

    /** The last lines of every log, for a failure message. */
    String logs() {
        StringBuilder out = new StringBuilder();
        for (Started s : started) {
            out.append("---- ").append(s.log()).append(" (last 40 lines)\n");
            try {
                List<String> lines = Files.readAllLines(s.log(), StandardCharsets.UTF_8);
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> out.append(l).append('\n'));
            } catch (IOException | UncheckedIOException e) {
                out.append("(unreadable: ").append(e).append(")\n");
            }
        }
        return out.toString();
    }

    /**
     * Stops the processes in reverse start order: each with its descendants (a Worker's executors), first politely
     * (SIGTERM lets a Worker kill its executors and a driver stop its application), then forcibly.
     */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            ProcessHandle root = started.get(i).process().toHandle();
            List<ProcessHandle> tree = Stream.concat(root.descendants(), Stream.of(root)).toList();
            tree.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            for (ProcessHandle p : tree) {
                long left = Math.max(0, deadline - System.nanoTime());
                try {
                    p.onExit().get(left, TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            }
        }
        started.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** The whitespace-separated options of a system property, e.g. the Spark --add-opens list. */
    static List<String> options(String property) {
        String value = System.getProperty(property, "").trim();
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    }
}
