package io.symoe.benchmarks.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The report section for {@code bench engine --vs-llamacpp} results: one table row per file (Q8_0, Q4_0, OpenCL
 * runs…), a bar chart of symoe against llama.cpp in prefill and decode, and one of the decode's roofline fraction.
 */
final class EngineComparisonSection {
    static final String THROUGHPUT_PNG = "engine-vs-llamacpp.png";
    static final String ROOFLINE_PNG = "engine-roofline.png";
    private static final int W = 900;
    private static final int H = 480;

    private EngineComparisonSection() {}

    /** Writes the two charts into {@code outDir} and returns the section's HTML. */
    static String write(List<EngineComparison> runs, Path outDir) throws IOException {
        throughputChart(runs, outDir.resolve(THROUGHPUT_PNG));
        rooflineChart(runs, outDir.resolve(ROOFLINE_PNG));
        return "<h2>Engine side by side with llama.cpp</h2>" + table(runs)
                + "<p>Medians of the alternated runs; ratios are symoe / llama.cpp; the roofline fraction is symoe's"
                + " decode tok/s × active bytes per token / the STREAM-triad bandwidth of the same run.</p>"
                + "<img src=\"" + THROUGHPUT_PNG + "\" alt=\"symoe vs llama.cpp tokens per second\">"
                + "<img src=\"" + ROOFLINE_PNG + "\" alt=\"decode as a fraction of the bandwidth roofline\">";
    }

    private static String table(List<EngineComparison> runs) {
        StringBuilder t = new StringBuilder("<table><tr><th>file</th><th>symoe prefill tok/s</th>")
                .append("<th>symoe decode tok/s</th><th>llama.cpp prefill tok/s</th><th>llama.cpp decode tok/s</th>")
                .append("<th>prefill ratio</th><th>decode ratio</th><th>active MB/token</th><th>triad GB/s</th>")
                .append("<th>decode / roofline</th></tr>");
        for (EngineComparison r : runs) {
            t.append("<tr><td>").append(ReportWriter.escape(r.label())).append("</td>")
                    .append(cell(fmt(r.symoe().prefillTps()))).append(cell(fmt(r.symoe().decodeTps())))
                    .append(cell(fmt(r.llamacpp().prefillTps()))).append(cell(fmt(r.llamacpp().decodeTps())))
                    .append(cell(fmt(r.prefillRatio()) + "×")).append(cell(fmt(r.decodeRatio()) + "×"))
                    .append(cell(fmt(r.activeBytesPerToken() / 1e6))).append(cell(fmt(r.bandwidthGbs())))
                    .append(cell(fmt(100 * r.decodeFraction()) + " %")).append("</tr>");
        }
        return t.append("</table>").toString();
    }

    /**
     * Two panels in one PNG, prefill beside decode, each with symoe's and llama.cpp's bar per file: prefill is
     * often 10× decode, so on one shared axis the decode bars, where the goal is, would be unreadable.
     */
    private static void throughputChart(List<EngineComparison> runs, Path png) throws IOException {
        List<String> labels = runs.stream().map(EngineComparison::label).toList();
        BufferedImage prefill = BitmapEncoder.getBufferedImage(phaseChart("prefill", labels,
                runs.stream().map(r -> r.symoe().prefillTps()).toList(),
                runs.stream().map(r -> r.llamacpp().prefillTps()).toList()));
        BufferedImage decode = BitmapEncoder.getBufferedImage(phaseChart("decode", labels,
                runs.stream().map(r -> r.symoe().decodeTps()).toList(),
                runs.stream().map(r -> r.llamacpp().decodeTps()).toList()));
        BufferedImage both = new BufferedImage(prefill.getWidth() + decode.getWidth(),
                Math.max(prefill.getHeight(), decode.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        try {
            g.drawImage(prefill, 0, 0, null);
            g.drawImage(decode, prefill.getWidth(), 0, null);
        } finally {
            g.dispose();
        }
        ImageIO.write(both, "png", png.toFile());
    }

    private static CategoryChart phaseChart(String phase, List<String> labels, List<Double> symoe, List<Double> llama) {
        CategoryChart chart = new CategoryChartBuilder().width(W / 2 + 150).height(H).title(phase + " (medians)")
                .xAxisTitle("file").yAxisTitle("tokens / s").build();
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setXAxisMaxLabelCount(0); // 0 = every file name: XChart otherwise drops labels it finds crowded
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.addSeries("symoe", labels, symoe);
        chart.addSeries("llama.cpp", labels, llama);
        return chart;
    }

    private static void rooflineChart(List<EngineComparison> runs, Path png) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(W).height(H).title("symoe decode vs the bandwidth roofline (issue 15 goal: ≥ 80 %)")
                .xAxisTitle("file").yAxisTitle("% of triad bandwidth").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.getStyler().setXAxisMaxLabelCount(0); // 0 = every file name: XChart otherwise drops labels it finds crowded
        chart.getStyler().setYAxisMin(0.0);
        chart.addSeries("decode / roofline", runs.stream().map(EngineComparison::label).toList(),
                runs.stream().map(r -> 100 * r.decodeFraction()).toList());
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String cell(String s) {
        return "<td>" + s + "</td>";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
