package dev.jackpot.driver.analyze;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueType;
import dev.jackpot.driver.analyze.HandMadeSweep.Cell;
import dev.jackpot.driver.spec.AnalysisSettings;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code sweep report} on a hand-made sweep folder with every ticket kind and the ticket lab's columns (SDT, R_p):
 * the report renders (every link of report.html is a file, every chart a PNG of the size the page says, not
 * blank), the notebooks' SQL runs against the same folder, and headless Chromium displays the page.
 */
class ReportOnFixtureTest {
    @TempDir
    static Path dir;
    static Path out;
    static SparkSession spark;

    @BeforeAll
    static void writeSweepAndReport() {
        HandMadeSweep s = new HandMadeSweep().withTicketLab();
        for (boolean residual : new boolean[] {true, false}) {
            for (double width : new double[] {0.5, 1.0}) {
                for (double lr : new double[] {0.01, 0.1}) {
                    Cell cell = Cell.of("resmlp2").residual(residual).width(width);
                    // A small lr favours LT over RR, more so with residual connections; R_p falls with lr.
                    double edge = (lr == 0.01 ? 2.0 : 0.2) * (residual ? 1.5 : 1.0) + width;
                    double rp = lr == 0.01 ? 0.35 : 0.12;
                    HandMadeSweep.At at = s.at(cell, lr, 2).dense(88 + width, 88.4 + width).curve(70, 80, 88);
                    at.set("rp_10", null, null);
                    for (int round = 1; round <= 4; round++) {
                        double drop = 0.4 * round;
                        at.run("LT", round, 88.2 + width - drop / 2, 88.6 + width - drop / 2)
                                .set("rp_10", rp, rp + 0.02).set("rp_20", rp + 0.1, rp + 0.12)
                                .set("rp_30", rp + 0.2, rp + 0.21).set("rp_40", rp + 0.3, rp + 0.3)
                                .set("rp_50", rp + 0.35, rp + 0.37).curve(69, 79, 87);
                        at.run("RR", round, 88.2 + width - drop - edge, 88.5 + width - drop - edge).curve(65, 75, 84);
                        at.run("RP", round, 87.9 + width - drop * 1.2, 88.1 + width - drop * 1.2);
                        at.run("SDT", round, 85 - drop, 85.5 - drop);
                    }
                    at.trial("tickets", "LT,RP,RR,SDT").trial("dense_rp_10", 0.3);
                }
            }
        }
        out = dir.resolve("fixture");
        spark = TestSpark.session();
        s.write(spark, out, "{ \"sweep\": { \"name\": \"fixture\" } }");
        Report.generate(spark, out.toString(), AnalysisSettings.defaults());
    }

    @Test
    void everyLinkOfTheReportIsAFileAndEveryChartAPngOfItsSize() throws IOException {
        String html = Files.readString(out.resolve(Report.HTML));
        assertFalse(html.contains("http://") || html.contains("https://"), "the page must need no network");
        Matcher img = Pattern.compile("<img src=\"([^\"]+)\" width=(\\d+) height=(\\d+)").matcher(html);
        Set<String> charts = new HashSet<>();
        while (img.find()) {
            Path png = out.resolve(img.group(1));
            assertTrue(Files.isRegularFile(png), "missing " + png);
            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(Integer.parseInt(img.group(2)), image.getWidth(), png.toString());
            assertEquals(Integer.parseInt(img.group(3)), image.getHeight(), png.toString());
            assertTrue(colours(image) > 20, png + " looks blank");
            charts.add(img.group(1).replaceAll("-\\d+\\.png$", ""));
        }
        // Four cells: accuracy and curves per cell; one heat map; one R_p chart per width.
        assertEquals(Set.of("charts/accuracy", "charts/gap", "charts/rp", "charts/curves"), charts);
        try (Stream<Path> files = Files.list(out.resolve(ReportFiles.CHARTS))) {
            assertEquals(4 + 4 + 1 + 2, files.count(), "charts on disk that the page does not show, or the reverse");
        }
        Matcher href = Pattern.compile("(?:href|src)=\"?([^\" >]+)").matcher(html);
        while (href.find()) {
            String target = href.group(1);
            if (target.startsWith("#")) {
                assertTrue(html.contains("id=" + target.substring(1)), "dangling anchor " + target);
            } else {
                assertTrue(Files.exists(out.resolve(target)), "dangling link " + target);
            }
        }
    }

    @Test
    void theTablesAreWrittenBesideTheOthersWithTheTicketLabOutcomes() {
        List<Row> verdicts = spark.read().parquet(out.resolve("verdicts").toString()).collectAsList();
        assertEquals(4 * 4, verdicts.size());   // 4 cells x 4 rounds
        assertEquals("hand", verdicts.get(0).getAs("sweep"));   // the trials' sweep name
        Row rp = spark.read().parquet(out.resolve("correlations").toString())
                .where("level = 'trial' AND outcome = 'lt_rp_10' AND factor = 'log10_lr'").first();
        assertTrue(rp.<Double>getAs("spearman") < -0.8, "R_p falls with lr in the fixture: " + rp);
        assertTrue(rp.<Boolean>getAs("clear"), rp.toString());
        assertTrue(spark.read().parquet(out.resolve("guidelines").toString()).count() > 0);
        assertEquals(1, spark.read().parquet(out.resolve("analysis_params").toString()).count());
    }

    @Test
    void everySqlStatementOfTheNotebooksRunsOnTheSweep() throws IOException {
        SparkSession session = TestSpark.isolated();
        AnalysisViews.register(session, out.toString(), AnalysisSettings.defaults());
        // As notebooks/jackpot.py: the tables the report wrote, as report_<name>.
        for (String table : List.of("verdicts", "correlations", "guidelines")) {
            session.read().parquet(out.resolve(table).toString()).createOrReplaceTempView("report_" + table);
        }
        Path notebooks = Path.of("..", "notebooks");
        List<Path> files;
        try (Stream<Path> s = Files.list(notebooks)) {
            files = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(3, files.size(), "notebooks in " + notebooks.toAbsolutePath());
        for (Path nb : files) {
            List<String> statements = sqlOf(nb);
            assertTrue(statements.size() >= 3, nb + " uses only " + statements.size() + " SQL statements");
            for (String sql : statements) {
                try {
                    session.sql(sql).collectAsList();
                } catch (Exception e) {
                    fail(nb.getFileName() + ": " + e.getMessage() + "\n" + sql, e);
                }
            }
        }
    }

    /**
     * The SQL a notebook runs: the .sql files it loads ({@code jackpot.load_sql("name")}), those {@code
     * jackpot.register} loads (sql/analysis-views.txt), and every {@code spark.sql("""...""")} in its code cells.
     */
    static List<String> sqlOf(Path notebook) throws IOException {
        // An .ipynb is JSON, which typesafe-config reads (Jackson on this classpath is split between versions).
        Config nb = ConfigFactory.parseFile(notebook.toFile(), ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
        assertEquals(4, nb.getInt("nbformat"), notebook + " is not nbformat 4");
        List<String> statements = new ArrayList<>();
        Pattern load = Pattern.compile("load_sql\\(\"(\\w+)\"\\)");
        Pattern inline = Pattern.compile("spark\\.sql\\(\\s*\"\"\"(.*?)\"\"\"", Pattern.DOTALL);
        for (Config cell : nb.getConfigList("cells")) {
            if (!"code".equals(cell.getString("cell_type"))) continue;
            StringBuilder code = new StringBuilder();
            if (cell.getValue("source").valueType() == ConfigValueType.LIST) {
                cell.getStringList("source").forEach(code::append);
            } else {
                code.append(cell.getString("source"));
            }
            if (code.indexOf("jackpot.register(") >= 0) Sql.views().forEach(v -> statements.add(Sql.load(v)));
            Matcher m = load.matcher(code);
            while (m.find()) statements.add(Sql.load(m.group(1)));
            m = inline.matcher(code);
            while (m.find()) statements.add(m.group(1));
        }
        return statements;
    }

    @Test
    void headlessChromiumShowsTheReport() throws Exception {
        String browser = Stream.of("chromium", "chromium-browser", "google-chrome")
                .filter(ReportOnFixtureTest::onPath).findFirst().orElse(null);
        if (browser == null) {
            // CI installs chromium (.ci/run): there a missing browser is a failure, not a skip.
            if (System.getenv("CI") != null) fail("chromium is not installed; .ci/run installs it");
            Assumptions.abort("no chromium on PATH (apt-get install chromium)");
        }
        Path shot = dir.resolve("report.png");
        Process p = new ProcessBuilder(browser, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--window-size=1280,1800",
                "--screenshot=" + shot, out.resolve(Report.HTML).toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "chromium did not finish in 3 minutes");
        assertTrue(Files.isRegularFile(shot), "no screenshot; chromium said: " + Files.readString(dir.resolve("chromium.log")));
        BufferedImage image = ImageIO.read(shot.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(1800, image.getHeight());
        assertTrue(colours(image) > 50, "the screenshot looks blank");
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    /** Distinct colours on a grid of sample points: a blank or failed render has one or two. */
    private static int colours(BufferedImage image) {
        Set<Integer> seen = new HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 3) {
            for (int y = 0; y < image.getHeight(); y += 3) seen.add(image.getRGB(x, y));
        }
        return seen.size();
    }
}
