package io.moolah.loadtest;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Line charts as plain SVG, readable in any browser or on GitHub, with no charting library. */
final class Charts {
    private static final int WIDTH = 720;
    private static final int HEIGHT = 260;
    private static final int LEFT = 60;
    private static final int BOTTOM = 30;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"};

    private Charts() {
    }

    /**
     * @param seconds   the x value of each point (seconds into the run)
     * @param series    name to y values, one per x value
     * @param threshold a dashed horizontal line at this y, or negative for none
     */
    static String lines(String title, List<Integer> seconds, Map<String, List<Double>> series, double threshold) {
        double maxX = Math.max(1, seconds.stream().mapToInt(Integer::intValue).max().orElse(1));
        double maxY = Math.max(threshold > 0 ? threshold * 1.2 : 1,
                series.values().stream().flatMap(List::stream).mapToDouble(Double::doubleValue).max().orElse(1) * 1.1);
        int plotWidth = WIDTH - LEFT - 140;
        int plotHeight = HEIGHT - BOTTOM - 30;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n",
                WIDTH, HEIGHT, LEFT, escape(title)));
        int bottom = HEIGHT - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, bottom, LEFT + plotWidth, bottom))
                .append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"30\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", LEFT, LEFT, bottom))
                .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT - 4, 36, number(maxY)))
                .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>%n", LEFT - 4, bottom))
                .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d s</text>%n", LEFT + plotWidth, bottom + 18, (int) maxX));
        if (threshold > 0) {
            double y = bottom - threshold / maxY * plotHeight;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"grey\" stroke-dasharray=\"4 3\"/>%n"
                    + "<text x=\"%d\" y=\"%.1f\" fill=\"grey\">%s</text>%n", LEFT, y, LEFT + plotWidth, y, LEFT + plotWidth + 4, y + 4, number(threshold)));
        }
        int colour = 0;
        for (Map.Entry<String, List<Double>> line : new java.util.TreeMap<>(series).entrySet()) {
            StringBuilder points = new StringBuilder();
            List<Double> values = line.getValue();
            for (int i = 0; i < Math.min(values.size(), seconds.size()); i++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + seconds.get(i) / maxX * plotWidth,
                        bottom - values.get(i) / maxY * plotHeight));
            }
            String stroke = COLOURS[colour % COLOURS.length];
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", stroke, points))
                    .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", LEFT + plotWidth + 10,
                            50 + 16 * colour, stroke, escape(line.getKey())));
            colour++;
        }
        return svg.append("</svg>\n").toString();
    }

    private static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
