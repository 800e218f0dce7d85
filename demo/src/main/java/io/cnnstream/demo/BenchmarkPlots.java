package io.cnnstream.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The end-to-end benchmark's pictures, PNG by JFreeChart: answers per second over the run, the
 * latency distribution (CDF), and how many results ran in batches of each size.
 */
final class BenchmarkPlots {
    private static final int WIDTH = 720, HEIGHT = 360;

    private BenchmarkPlots() {
    }

    /** Writes {@code PREFIX-throughput.png}, {@code -latency.png} and {@code -batches.png} into {@code dir}; returns them. */
    static List<Path> write(Path dir, String prefix, String title, List<EndToEndBenchmark.Outcome> outcomes, long startMillis,
                            Map<Integer, Integer> batches) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        files.add(save(dir.resolve(prefix + "-throughput.png"), throughput(title, outcomes, startMillis)));
        files.add(save(dir.resolve(prefix + "-latency.png"), latency(title, outcomes)));
        files.add(save(dir.resolve(prefix + "-batches.png"), batchSizes(title, batches)));
        return files;
    }

    private static JFreeChart throughput(String title, List<EndToEndBenchmark.Outcome> outcomes, long startMillis) {
        long last = outcomes.stream().mapToLong(EndToEndBenchmark.Outcome::answeredMillis).max().orElse(startMillis);
        int bins = (int) Math.max(1, (last - startMillis) / 500 + 1);
        int[] counts = new int[bins];
        for (EndToEndBenchmark.Outcome o : outcomes) {
            counts[(int) Math.max(0, Math.min(bins - 1, (o.answeredMillis() - startMillis) / 500))]++;
        }
        XYSeries series = new XYSeries("answers/s (0.5 s bins)");
        for (int i = 0; i < bins; i++) {
            series.add(i * 0.5, counts[i] * 2.0);
        }
        return ChartFactory.createXYLineChart("Throughput: " + title, "seconds since the service was ready",
                "records answered per second", new XYSeriesCollection(series), PlotOrientation.VERTICAL, true, false, false);
    }

    private static JFreeChart latency(String title, List<EndToEndBenchmark.Outcome> outcomes) {
        long[] sorted = outcomes.stream().mapToLong(o -> o.answeredMillis() - o.sentMillis()).sorted().toArray();
        XYSeries series = new XYSeries("share of records answered within");
        for (int i = 0; i < sorted.length; i++) {
            series.add(sorted[i], 100.0 * (i + 1) / sorted.length);
        }
        return ChartFactory.createXYLineChart("Latency CDF: " + title, "milliseconds from send to answer",
                "% of records", new XYSeriesCollection(series), PlotOrientation.VERTICAL, true, false, false);
    }

    private static JFreeChart batchSizes(String title, Map<Integer, Integer> batches) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        batches.forEach((size, results) -> data.addValue(results, "results", String.valueOf(size)));
        return ChartFactory.createBarChart("Batch sizes: " + title, "records in the batch", "results",
                data, PlotOrientation.VERTICAL, false, false, false);
    }

    private static Path save(Path file, JFreeChart chart) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        return file;
    }
}
