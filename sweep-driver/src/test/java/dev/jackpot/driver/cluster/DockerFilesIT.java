package dev.jackpot.driver.cluster;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What can be checked of docker/ without a Docker engine, after the build (the image takes the cluster jar):
 * pinned image tags, files the Dockerfile copies, the compose file's services, ports and secret, and that the
 * image runs the same main class as the jar.
 */
class DockerFilesIT {
    static final Path ROOT = Path.of(System.getProperty("jackpot.repo-root")).toAbsolutePath().normalize();
    static final Path DOCKERFILE = ROOT.resolve("docker/Dockerfile");
    static final Path COMPOSE = ROOT.resolve("docker/compose.yaml");
    static final Path LAUNCHER = ROOT.resolve("docker/jackpot-cluster");
    static final List<String> SPARK_SERVICES = List.of("master", "worker-1", "worker-2", "submit");
    /** A tag that names one release: digits and dots somewhere, never latest. */
    static final Pattern PINNED_TAG = Pattern.compile(".*\\d+\\.\\d+\\.\\d+.*");

    @Test
    void theBaseImageIsTheOfficialSparkImageOfOurSparkVersionPinned() throws IOException {
        List<String> froms = instructions("FROM");
        assertEquals(1, froms.size(), "FROM lines " + froms);
        String image = froms.get(0).split("\\s+")[0];
        String version = System.getProperty("jackpot.spark-version");
        assertEquals("apache/spark:" + version + "-scala2.12-java17-ubuntu", image,
                "the image's Spark must be the one the jar is built against (spark.version in pom.xml)");
    }

    @Test
    void theImageRunsAsAnUnprivilegedUserAndKeepsSparksEntrypoint() throws IOException {
        List<String> users = instructions("USER");
        assertFalse(users.isEmpty(), "no USER: the image would run as the base image's last USER");
        String last = users.get(users.size() - 1).trim();
        assertFalse(last.equals("root") || last.startsWith("0"), "runs as " + last);
        // spark-submit --master k8s:// starts pods with the arguments driver / executor, which the base image's
        // /opt/entrypoint.sh understands: an ENTRYPOINT of ours would break that.
        assertTrue(instructions("ENTRYPOINT").isEmpty(), "the Dockerfile replaces the base image's entrypoint");
    }

    @Test
    void everyFileTheDockerfileCopiesExistsAndIsInTheBuildContext() throws IOException {
        List<String> copies = instructions("COPY");
        assertFalse(copies.isEmpty());
        List<String[]> ignore = dockerIgnore();
        for (String copy : copies) {
            List<String> args = new ArrayList<>(List.of(copy.trim().split("\\s+")));
            args.removeIf(a -> a.startsWith("--"));
            assertFalse(copy.contains("--from"), "multi-stage COPY: extend this test");
            String destination = args.remove(args.size() - 1);
            for (String source : args) {
                List<Path> matches = expand(source);
                assertFalse(matches.isEmpty(), "COPY " + source + ": nothing at " + ROOT.resolve(source));
                if (!destination.endsWith("/")) {
                    assertEquals(1, matches.size(), "COPY " + source + " " + destination + " needs one file: " + matches);
                }
                for (Path match : matches) {
                    try (Stream<Path> files = Files.walk(match)) {
                        for (Path file : files.filter(Files::isRegularFile).toList()) {
                            String relative = ROOT.relativize(file).toString();
                            assertFalse(ignored(ignore, relative), relative + " is excluded by .dockerignore");
                        }
                    }
                }
            }
        }
    }

    @Test
    void theImageRunsTheJarsMainClass() throws IOException {
        String script = Files.readString(LAUNCHER);
        Matcher m = Pattern.compile("--class\\s+(\\S+)").matcher(script);
        assertTrue(m.find(), "jackpot-cluster passes no --class to spark-submit");
        String mainClass = m.group(1);
        try (JarFile jar = new JarFile(System.getProperty("jackpot.cluster-jar"))) {
            assertEquals(jar.getManifest().getMainAttributes().getValue("Main-Class"), mainClass);
            assertNotNull(jar.getEntry(mainClass.replace('.', '/') + ".class"), mainClass + " is not in the jar");
        }
        assertTrue(Files.isExecutable(LAUNCHER), "docker/jackpot-cluster must be executable (COPY keeps the mode)");
        assertTrue(Files.readString(DOCKERFILE).contains("/opt/jackpot/bin"), "jackpot-cluster is not on the image's PATH");
        assertEquals(List.of("/opt/entrypoint.sh", "jackpot-cluster", "submit"), service("submit").get("entrypoint"));
    }

    @Test
    void theLauncherIsValidBash() throws IOException, InterruptedException {
        Outcome bash = run(List.of("bash", "-n", LAUNCHER.toString()), Map.of());
        assertEquals(0, bash.exit(), bash.output());
    }

    @Test
    void openblasKernelsAreChosenFromTheCpusFlags() throws IOException, InterruptedException {
        assertEquals("SkylakeX", coretypeFor("fpu sse avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl"));
        assertEquals("Haswell", coretypeFor("fpu sse avx2 fma avx512f"), "AVX-512 without BW/DQ/VL/CD is not SkylakeX");
        assertEquals("Haswell", coretypeFor("fpu sse avx avx2 fma"));
        assertEquals("", coretypeFor("fpu sse avx avx2"), "AVX2 without FMA: OpenBLAS's own detection stands");
        assertEquals("", coretypeFor("fpu sse sse2"));
    }

    /**
     * The image's workers start with OPENBLAS_CORETYPE for their CPU (their executors inherit it), and a value the
     * user set wins: jackpot-cluster run against a stand-in Spark whose spark-class prints what it was given.
     */
    @Test
    void clusterWorkersStartWithTheKernelsForTheirCpuUnlessTheUserSetThem() throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("jackpot-home");
        Path spark = Files.createDirectories(home.resolve("spark/bin"));
        Files.writeString(home.resolve("spark-defaults.conf"), "spark.task.cpus 1\n");
        Path sparkClass = spark.resolve("spark-class");
        Files.writeString(sparkClass, "#!/usr/bin/env bash\necho \"coretype=[${OPENBLAS_CORETYPE:-}] $1\"\n");
        assertTrue(sparkClass.toFile().setExecutable(true));
        // A stand-in for bin/openblas-coretype (tested above on made-up flags) with a name no CPU gets, so the test
        // also holds on a machine where the real one prints nothing.
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path coretype = bin.resolve("openblas-coretype");
        Files.writeString(coretype, "#!/usr/bin/env bash\necho StandInCore\n");
        assertTrue(coretype.toFile().setExecutable(true));

        Map<String, String> env = new HashMap<>(Map.of("SPARK_AUTH_SECRET", "not-a-real-secret",
                "JACKPOT_HOME", home.toString(), "SPARK_HOME", home.resolve("spark").toString(),
                "PATH", bin + ":" + System.getenv("PATH")));
        List<String> worker = List.of(LAUNCHER.toString(), "worker", "spark://master:7077");
        Outcome detected = run(worker, env);
        assertEquals(0, detected.exit(), detected.output());
        assertEquals("coretype=[StandInCore] org.apache.spark.deploy.worker.Worker", detected.output().trim());

        env.put("OPENBLAS_CORETYPE", "Prescott");
        assertEquals("coretype=[Prescott] org.apache.spark.deploy.worker.Worker", run(worker, env).output().trim());
    }

    private static String coretypeFor(String flags) throws IOException, InterruptedException {
        Path cpuinfo = Files.createTempFile("cpuinfo", "");
        try {
            Files.writeString(cpuinfo, "processor\t: 0\nflags\t\t: " + flags + "\n");
            Outcome o = run(List.of(ROOT.resolve("bin/openblas-coretype").toString(), cpuinfo.toString()), Map.of());
            assertEquals(0, o.exit(), o.output());
            return o.output().trim();
        } finally {
            Files.delete(cpuinfo);
        }
    }

    /**
     * Runs {@code command} with {@code env} on top of this process's environment, less what would let the
     * developer's own settings decide the outcome (their cluster secret, their OpenBLAS kernels).
     */
    private static Outcome run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("SPARK_AUTH_SECRET");
        pb.environment().remove("OPENBLAS_CORETYPE");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), command.get(0) + " hung");
        return new Outcome(p.exitValue(), out);
    }

    @Test
    void composeHasTheClusterAndTheNotebookWithPinnedImagesAndLocalPorts() throws IOException {
        Map<String, Object> services = services();
        assertEquals(List.of("master", "notebook", "submit", "worker-1", "worker-2"),
                services.keySet().stream().sorted().toList());
        String ours = "jackpot:" + System.getProperty("jackpot.version");
        for (String name : services.keySet()) {
            Map<String, Object> s = service(name);
            String image = (String) s.get("image");
            assertNotNull(image, name + " has no image");
            if (s.containsKey("build")) {
                assertEquals(ours, image, name + ": the image compose builds");
            } else {
                String tag = image.substring(image.lastIndexOf(':') + 1);
                assertTrue(image.contains(":") && PINNED_TAG.matcher(tag).matches(), name + ": unpinned image " + image);
            }
            for (Object port : list(s.get("ports"))) {
                assertTrue(port.toString().startsWith("127.0.0.1:"), name + " publishes " + port + " beyond this machine");
            }
        }
        assertTrue(((String) service("notebook").get("image")).contains("spark-3.5"), "the notebook's Spark is not 3.5");
    }

    @Test
    void everySparkProcessGetsTheSecretFromTheEnvironmentAndSharesTheResultsFolder() throws IOException {
        for (String name : SPARK_SERVICES) {
            Map<String, Object> s = service(name);
            Map<?, ?> env = (Map<?, ?>) s.get("environment");
            String secret = String.valueOf(env.get("SPARK_AUTH_SECRET"));
            // A required ${VAR:?message} substitution: compose refuses to start without docker/.env.
            assertTrue(secret.startsWith("${SPARK_AUTH_SECRET:?"), name + ": the secret is not taken from the environment: " + secret);
            assertTrue(list(s.get("volumes")).contains("../results:/opt/jackpot/results"),
                    name + ": executors and the driver must see the results at the same path");
        }
        List<Object> notebook = list(service("notebook").get("volumes"));
        assertTrue(notebook.stream().anyMatch(v -> v.toString().startsWith("../notebooks:")), "notebooks/ not mounted");
        assertTrue(notebook.stream().anyMatch(v -> v.toString().startsWith("../results:")), "results/ not mounted");
        assertTrue(Files.readAllLines(ROOT.resolve(".gitignore")).contains("docker/.env"), "docker/.env could be committed");
        String script = Files.readString(LAUNCHER);
        assertTrue(script.contains("spark.authenticate true"), "jackpot-cluster does not turn authentication on");
    }

    /** docker-compose itself (Debian's 1.29 parses files without an engine), when it is installed. */
    @Test
    void dockerComposeAcceptsTheFileAndRequiresTheSecret() throws IOException, InterruptedException {
        if (!onPath("docker-compose")) {
            System.err.println("DockerFilesIT: docker-compose is not installed; only the YAML checks ran");
            return;
        }
        Outcome withSecret = compose(Map.of("SPARK_AUTH_SECRET", "not-a-real-secret"));
        assertEquals(0, withSecret.exit(), "docker-compose config failed: " + withSecret.output());
        Outcome without = compose(Map.of());
        assertTrue(without.exit() != 0, "docker-compose accepted the file without SPARK_AUTH_SECRET");
        assertTrue(without.output().contains("SPARK_AUTH_SECRET"), without.output());
    }

    record Outcome(int exit, String output) {}

    private static Outcome compose(Map<String, String> env) throws IOException, InterruptedException {
        // An empty env file in place of docker/.env: a developer's own secret must not decide the outcome.
        Path emptyEnv = Files.createTempFile("compose", ".env");
        try {
            return run(List.of("docker-compose", "--env-file", emptyEnv.toString(), "-f", COMPOSE.toString(),
                    "config", "-q"), env);
        } finally {
            Files.delete(emptyEnv);
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }

    /** The arguments of every instruction {@code name} in the Dockerfile, continuation lines joined. */
    private static List<String> instructions(String name) throws IOException {
        String text = Files.readString(DOCKERFILE).replaceAll("\\\\\\R", " ");
        List<String> found = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String t = line.trim();
            if (t.regionMatches(true, 0, name + " ", 0, name.length() + 1)) {
                found.add(t.substring(name.length() + 1).trim());
            }
        }
        return found;
    }

    /** A COPY source relative to the build context (the repository root), its file name possibly a glob. */
    private static List<Path> expand(String source) throws IOException {
        Path path = ROOT.resolve(source.endsWith("/") ? source.substring(0, source.length() - 1) : source);
        String fileName = path.getFileName().toString();
        if (!fileName.contains("*") && !fileName.contains("?")) {
            return Files.exists(path) ? List.of(path) : List.of();
        }
        if (!Files.isDirectory(path.getParent())) {
            return List.of();
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(path.getParent(), fileName)) {
            dir.forEach(matches::add);
        }
        return matches;
    }

    /** .dockerignore as (regex, negated) pairs, in order. */
    private static List<String[]> dockerIgnore() throws IOException {
        List<String[]> patterns = new ArrayList<>();
        for (String line : Files.readAllLines(ROOT.resolve(".dockerignore"))) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) continue;
            boolean negated = t.startsWith("!");
            String p = (negated ? t.substring(1) : t).replaceAll("/+$", "").replaceAll("^/", "");
            String regex = Pattern.quote(p.replace("**", "\u0000"))
                    .replace("*", "\\E[^/]*\\Q").replace("?", "\\E[^/]\\Q").replace("\u0000", "\\E.*\\Q");
            patterns.add(new String[] {regex, Boolean.toString(negated)});
        }
        return patterns;
    }

    /** Docker's rule: the last pattern that matches the path or one of its parent folders decides. */
    private static boolean ignored(List<String[]> patterns, String path) {
        boolean ignored = false;
        for (String[] p : patterns) {
            String candidate = path;
            boolean matches = false;
            while (!candidate.isEmpty() && !matches) {
                matches = candidate.matches(p[0]);
                int slash = candidate.lastIndexOf('/');
                candidate = slash < 0 ? "" : candidate.substring(0, slash);
            }
            if (matches) ignored = !Boolean.parseBoolean(p[1]);
        }
        return ignored;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        try (Reader r = Files.newBufferedReader(COMPOSE)) {
            Map<String, Object> compose = new Yaml().load(r);
            return (Map<String, Object>) compose.get("services");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) throws IOException {
        Map<String, Object> s = (Map<String, Object>) services().get(name);
        assertNotNull(s, "no service " + name);
        return s;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }
}
