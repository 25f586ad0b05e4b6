package dev.jackpot.driver.run;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackgroundCommitsTest {
    private static final CountDownLatch FIRST_TASK_RUNNING = new CountDownLatch(1);
    private static JavaSparkContext jsc;

    @BeforeAll
    static void start() {
        // One task slot, fair scheduling between pools: what the driver sets (Spark.settings) unless told otherwise.
        jsc = new JavaSparkContext(new SparkConf().setMaster("local[1]").setAppName("commits")
                .set("spark.scheduler.mode", "FAIR").set("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        jsc.stop();
    }

    @Test
    void batchesAreCommittedOneAtATimeInOrderAndFailuresStopTheCaller() throws InterruptedException {
        List<List<String>> committed = Collections.synchronizedList(new ArrayList<>());
        IllegalStateException lockLost = new IllegalStateException("lock lost");
        try (BackgroundCommits<String> commits = new BackgroundCommits<>(jsc.sc(), batch -> {
            if (batch.contains("bad")) {
                throw lockLost;
            }
            sleep(200);
            committed.add(batch);
        })) {
            List<String> batch = new ArrayList<>(List.of("a", "b"));
            commits.start(batch);
            batch.clear();   // the caller reuses its list: the commit has its own copy
            assertTrue(commits.busy());
            commits.start(List.of("c"));   // waits for the first
            commits.finish();
            assertFalse(commits.busy());
            assertEquals(List.of(List.of("a", "b"), List.of("c")), committed);

            commits.start(List.of("bad"));
            assertSame(lockLost, assertThrows(IllegalStateException.class, () -> {
                while (commits.busy()) {   // until the commit has failed, however slow the machine
                    Thread.sleep(10);
                }
            }));
            assertFalse(commits.busy(), "a failure is reported once");
        }
    }

    /**
     * The point of the class: with the only task slot busy and a trial's job queued behind it, a commit's job
     * runs as soon as the slot frees up, before the queued trial.
     */
    @Test
    void aCommitsJobGoesBeforeTrialsAlreadyWaitingForASlot() throws Exception {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        ExecutorService submitters = Executors.newFixedThreadPool(2);
        try (BackgroundCommits<String> commits = new BackgroundCommits<>(jsc.sc(), batch -> {
            jsc.parallelize(List.of(1), 1).foreach(x -> sleep(10));
            order.add("commit");
        })) {
            Future<?> first = submitters.submit(() -> {
                jsc.parallelize(List.of(1), 1).foreach(x -> {
                    FIRST_TASK_RUNNING.countDown();   // local mode: the task runs in this JVM
                    sleep(1500);
                });
                order.add("trial 1");
            });
            assertTrue(FIRST_TASK_RUNNING.await(30, TimeUnit.SECONDS), "the first trial's task holds the slot");
            Future<?> second = submitters.submit(() -> {
                jsc.parallelize(List.of(1), 1).foreach(x -> sleep(300));
                order.add("trial 2");
            });
            while (jsc.sc().statusTracker().getActiveJobIds().length < 2) {   // trial 2's job is queued now
                Thread.sleep(10);
            }
            commits.start(List.of("results"));
            commits.finish();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
        } finally {
            submitters.shutdownNow();
        }
        assertEquals(List.of("trial 1", "commit", "trial 2"), order);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
