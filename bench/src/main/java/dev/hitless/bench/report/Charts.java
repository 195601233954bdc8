package dev.hitless.bench.report;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;

/** Grouped bar charts with error bars, rendered headless to PNG with JFreeChart. */
final class Charts {
    private Charts() {
    }

    /** Bars grouped by category (x axis), one colour per series; the error is drawn as a whisker when known. */
    static final class Bars {
        final DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();

        void add(String series, String category, double value, double error) {
            data.add(Double.isNaN(value) ? 0 : value, Double.isNaN(error) ? 0 : error, series, category);
        }
    }

    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    static void bar(Path png, String title, String xLabel, String yLabel, Bars bars) throws IOException {
        System.setProperty("java.awt.headless", "true");
        CategoryAxis x = new CategoryAxis(xLabel);
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        x.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        NumberAxis y = new NumberAxis(yLabel);
        y.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        y.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        StatisticalBarRenderer r = new StatisticalBarRenderer();
        r.setErrorIndicatorPaint(Color.BLACK);
        r.setErrorIndicatorStroke(new BasicStroke(1.2f));
        r.setDrawBarOutline(false);
        r.setShadowVisible(false);
        r.setItemMargin(0.05);
        for (int i = 0; i < bars.data.getRowCount(); i++) r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        CategoryPlot plot = new CategoryPlot(bars.data, x, y, r);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xcccccc));
        plot.setRangeGridlinesVisible(true);
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int width = Math.max(800, 120 + bars.data.getColumnCount() * Math.max(1, bars.data.getRowCount()) * 28);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, Math.min(width, 1600), 560);
    }
}
