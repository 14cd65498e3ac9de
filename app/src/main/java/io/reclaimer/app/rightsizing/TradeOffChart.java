package io.reclaimer.app.rightsizing;

import io.reclaimer.streams.rightsizing.offline.Backtest;
import io.reclaimer.streams.rightsizing.offline.BacktestSweep;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYPointerAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The backtest's trade-off picture (JFreeChart, as the weekly report's trend chart): slack against
 * under-provisioning, CPU on the left and memory on the right, one curve per strategy traced by sweeping its knob
 * ({@link BacktestSweep}); the default setting of each strategy is the filled, larger marker, and the requests as
 * set are a lone grey point. Lower left is better on both measures.
 */
public final class TradeOffChart {

    public static final int WIDTH = 1100;
    public static final int HEIGHT = 520;
    private static final Map<String, Color> COLORS = Map.of("vpa", new Color(0x1F, 0x77, 0xB4),
            "percentile", new Color(0xFF, 0x7F, 0x0E), "default", new Color(0x2C, 0xA0, 0x2C),
            Backtest.REQUESTS, new Color(0x7F, 0x7F, 0x7F));

    private TradeOffChart() {
    }

    public static void write(List<BacktestSweep.Point> points, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        NumberAxis slack = new NumberAxis("slack % (recommended but unused)");
        slack.setAutoRangeIncludesZero(false);
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(slack);
        plot.setGap(18);
        XYPlot cpu = panel(points, "CPU: samples above the recommendation %", Backtest.Score::cpu);
        plot.add(cpu, 1);
        plot.add(panel(points, "memory: samples above the recommendation % (OOM risk)", Backtest.Score::memory), 1);
        // one legend: both panels draw the same strategies in the same colours
        plot.setFixedLegendItems(cpu.getLegendItems());
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.addSubtitle(new TextTitle("each curve sweeps the strategy's margin (KRR: percentile and buffer); "
                + "filled marker = its default; lower left is better", new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    private static XYPlot panel(List<BacktestSweep.Point> points, String axis,
                                Function<Backtest.Score, Backtest.Measure> measure) {
        Map<String, XYSeries> curves = new LinkedHashMap<>();
        Map<String, XYSeries> defaults = new LinkedHashMap<>();
        for (BacktestSweep.Point point : points) {
            String strategy = point.setting().strategy();
            Backtest.Measure m = measure.apply(point.score());
            curves.computeIfAbsent(strategy, s -> new XYSeries(s, false, true))
                    .add(m.underProvisionedPercent(), m.slackPercent());
            if (point.setting().isDefault()) {
                defaults.computeIfAbsent(strategy, s -> new XYSeries(s + " (default)", false, true))
                        .add(m.underProvisionedPercent(), m.slackPercent());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int series = 0;
        for (Map.Entry<String, XYSeries> curve : curves.entrySet()) {
            data.addSeries(curve.getValue());
            Color color = COLORS.getOrDefault(curve.getKey(), Color.BLACK);
            renderer.setSeriesPaint(series, color);
            renderer.setSeriesStroke(series, new BasicStroke(1.6f));
            renderer.setSeriesShape(series, new Ellipse2D.Double(-3, -3, 6, 6));
            renderer.setSeriesShapesFilled(series, false);
            series++;
        }
        for (Map.Entry<String, XYSeries> point : defaults.entrySet()) {
            data.addSeries(point.getValue());
            String strategy = point.getKey();
            renderer.setSeriesPaint(series, COLORS.getOrDefault(strategy, Color.BLACK));
            renderer.setSeriesLinesVisible(series, false);
            renderer.setSeriesShape(series, new Rectangle2D.Double(-5, -5, 10, 10));
            renderer.setSeriesShapesFilled(series, true);
            renderer.setSeriesVisibleInLegend(series, false);
            series++;
        }
        NumberAxis under = new NumberAxis(axis);
        under.setAutoRangeIncludesZero(true);
        XYPlot panel = new XYPlot(data, under, null, renderer);
        panel.setBackgroundPaint(Color.WHITE);
        panel.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        panel.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        for (Map.Entry<String, XYSeries> point : defaults.entrySet()) {
            XYSeries s = point.getValue();
            // the requests sit at the top of the picture: their label points down into it
            double angle = point.getKey().equals(Backtest.REQUESTS) ? Math.PI / 4 : -Math.PI / 4;
            XYPointerAnnotation label = new XYPointerAnnotation(point.getKey(), s.getX(0).doubleValue(),
                    s.getY(0).doubleValue(), angle);
            label.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            // text starts at the arrow's tail and runs right, so a point on the left edge keeps its whole label
            label.setTextAnchor(TextAnchor.HALF_ASCENT_LEFT);
            label.setArrowPaint(COLORS.getOrDefault(point.getKey(), Color.BLACK));
            panel.addAnnotation(label);
        }
        return panel;
    }
}
