package io.dynod.router.metrics;

import org.HdrHistogram.Histogram;

/** Small pieces of the Prometheus text exposition format. */
final class PrometheusText {

    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};

    private PrometheusText() {}

    static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A summary with quantiles in seconds from a histogram of nanoseconds. */
    static void summary(StringBuilder out, String name, String labelName, String labelValue, Histogram h) {
        String labels = labelName + "=\"" + label(labelValue) + "\"";
        for (double q : QUANTILES) {
            out.append(name).append('{').append(labels).append(",quantile=\"").append(q).append("\"} ")
                    .append(seconds(h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(q * 100))).append('\n');
        }
        out.append(name).append("_count{").append(labels).append("} ").append(h.getTotalCount()).append('\n');
        out.append(name).append("_sum{").append(labels).append("} ")
                .append(seconds((long) (h.getMean() * h.getTotalCount()))).append('\n');
    }

    private static String seconds(long nanos) {
        return Double.toString(nanos / 1e9);
    }
}
