package io.reclaimer.reports;

import io.reclaimer.reports.WeeklyReport.WeekPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** The report's chart: open waste per week as bars, cumulative realized savings as a line, rendered by JFreeChart. */
final class TrendChart {

    static final int WIDTH = 600;
    static final int HEIGHT = 260;
    private static final DateTimeFormatter WEEK = DateTimeFormatter.ofPattern("d MMM", Locale.US);

    private TrendChart() {
    }

    static byte[] png(List<WeekPoint> trend) {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset waste = new DefaultCategoryDataset();
        DefaultCategoryDataset realized = new DefaultCategoryDataset();
        for (WeekPoint point : trend) {
            String week = WEEK.format(point.weekEnding());
            waste.addValue(point.monthlyWasteUsd(), "Open waste ($/month)", week);
            realized.addValue(point.realizedUsd(), "Realized savings ($/month)", week);
        }
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        NumberAxis amounts = new NumberAxis();
        amounts.setNumberFormatOverride(new DecimalFormat("$#,##0", DecimalFormatSymbols.getInstance(Locale.US)));
        amounts.setTickLabelFont(font);
        amounts.setAutoRangeIncludesZero(true);
        double max = trend.stream().mapToDouble(p -> Math.max(p.monthlyWasteUsd(), p.realizedUsd())).max().orElse(0);
        if (max <= 0) {
            amounts.setRange(0, 100); // an empty fleet: a flat line on a readable axis, not ten "$0" ticks
        }
        CategoryAxis weeks = new CategoryAxis();
        weeks.setTickLabelFont(font);
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, new Color(0xD9, 0x53, 0x4F));
        bars.setMaximumBarWidth(0.08);
        CategoryPlot plot = new CategoryPlot(waste, weeks, amounts, bars);
        LineAndShapeRenderer line = new LineAndShapeRenderer(true, true);
        line.setSeriesPaint(0, new Color(0x2E, 0x7D, 0x32));
        line.setSeriesStroke(0, new BasicStroke(2.5f));
        plot.setDataset(1, realized);
        plot.setRenderer(1, line);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setOutlineVisible(false);
        JFreeChart chart = new JFreeChart(null, font, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getLegend().setItemFont(font);
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
