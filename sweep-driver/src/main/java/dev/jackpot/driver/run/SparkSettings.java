package dev.jackpot.driver.run;

import org.apache.spark.SparkConf;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A SparkConf's settings as Java map entries. */
public final class SparkSettings {
    private SparkSettings() {}

    public static List<Map.Entry<String, String>> entries(SparkConf conf) {
        return Arrays.stream(conf.getAll()).map(t -> Map.entry(t._1(), t._2())).toList();
    }
}
