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
 * latency distribution (CDF), how many results ran in batches of each size, and, sampled, the
 * group's lag and each instance's answers per second.
 */
final class BenchmarkPlots {
    private static final int WIDTH = 720, HEIGHT = 360;

    private BenchmarkPlots() {
    }

    /** Writes {@code PREFIX-throughput.png}, {@code -latency.png}, {@code -batches.png} and {@code -group.png} into {@code dir}. */
    static List<Path> write(Path dir, String prefix, String title, List<EndToEndBenchmark.Outcome> outcomes, long startMillis,
                            Map<Integer, Integer> batches, List<ScaleOut.Sample> samples) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        files.add(save(dir.resolve(prefix + "-throughput.png"), throughput(title, outcomes, startMillis)));
        files.add(save(dir.resolve(prefix + "-latency.png"), latency(title, outcomes)));
        files.add(save(dir.resolve(prefix + "-batches.png"), batchSizes(title, batches)));
        files.add(save(dir.resolve(prefix + "-group.png"), group(title, samples)));
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

    /** Lag and each instance's answers per second (between samples), over the same seconds. */
    private static JFreeChart group(String title, List<ScaleOut.Sample> samples) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries lag = new XYSeries("group lag (records)");
        int members = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).answered().length;
        XYSeries[] rates = new XYSeries[members];
        for (int m = 0; m < members; m++) {
            rates[m] = new XYSeries("bench-" + (m + 1) + " answers/s");
        }
        for (int i = 0; i < samples.size(); i++) {
            ScaleOut.Sample s = samples.get(i);
            if (s.lag() >= 0) {
                lag.add(s.seconds(), s.lag());
            }
            if (i > 0) {
                ScaleOut.Sample before = samples.get(i - 1);
                double dt = Math.max(1e-3, s.seconds() - before.seconds());
                for (int m = 0; m < Math.min(members, before.answered().length); m++) {
                    rates[m].add(s.seconds(), (s.answered()[m] - before.answered()[m]) / dt);
                }
            }
        }
        data.addSeries(lag);
        for (XYSeries r : rates) {
            data.addSeries(r);
        }
        return ChartFactory.createXYLineChart("Group: " + title, "seconds since the first instance was ready",
                "records / records per second", data, PlotOrientation.VERTICAL, true, false, false);
    }

    private static Path save(Path file, JFreeChart chart) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
        return file;
    }
}
