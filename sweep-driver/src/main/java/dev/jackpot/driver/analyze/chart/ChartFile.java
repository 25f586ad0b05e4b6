package dev.jackpot.driver.analyze.chart;

/**
 * A chart written as a PNG.
 *
 * @param path    relative to the sweep output folder, e.g. charts/accuracy-01.png (how report.html links it)
 * @param title   what it shows
 * @param width   pixels
 * @param height  pixels
 */
public record ChartFile(String path, String title, int width, int height) {}
