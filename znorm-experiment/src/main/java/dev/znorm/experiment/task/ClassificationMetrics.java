package dev.znorm.experiment.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification metrics from labels, predictions and class probabilities: accuracy, per-class
 * precision / recall / F1, macro F1, the confusion matrix (rows: true class, columns: predicted)
 * and, for two classes, the ROC AUC of the class-1 probability (Mann-Whitney, ties counted half).
 */
public record ClassificationMetrics(List<String> classes, long[][] confusion, double auc) {

    public static ClassificationMetrics of(
            List<String> classes, int[] labels, int[] predicted, float[] probClass1) {
        int k = classes.size();
        long[][] cm = new long[k][k];
        for (int i = 0; i < labels.length; i++) {
            cm[labels[i]][predicted[i]]++;
        }
        double auc = k == 2 && probClass1 != null ? auc(labels, probClass1) : Double.NaN;
        return new ClassificationMetrics(classes, cm, auc);
    }

    public static double auc(int[] labels, float[] score) {
        Integer[] idx = new Integer[labels.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(score[a], score[b]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < idx.length) {
            int j = i;
            while (j + 1 < idx.length && score[idx[j + 1]] == score[idx[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1; // average rank of the tie group
            for (int t = i; t <= j; t++) {
                if (labels[idx[t]] == 1) {
                    rankSumPositive += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0)
                / (positives * (double) negatives);
    }

    public long total() {
        long n = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        return total() == 0 ? Double.NaN : correct / (double) total();
    }

    public double precision(int c) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[c];
        }
        return predicted == 0 ? 0 : confusion[c][c] / (double) predicted;
    }

    public double recall(int c) {
        long actual = 0;
        for (long v : confusion[c]) {
            actual += v;
        }
        return actual == 0 ? 0 : confusion[c][c] / (double) actual;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroF1() {
        double s = 0;
        for (int c = 0; c < confusion.length; c++) {
            s += f1(c);
        }
        return s / confusion.length;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy());
        m.put("macro_f1", macroF1());
        if (confusion.length == 2) {
            m.put("roc_auc", auc);
        }
        Map<String, Object> per = new LinkedHashMap<>();
        for (int c = 0; c < confusion.length; c++) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("precision", precision(c));
            x.put("recall", recall(c));
            x.put("f1", f1(c));
            per.put(classes.get(c), x);
        }
        m.put("per_class", per);
        List<Object> rows = new ArrayList<>();
        for (long[] row : confusion) {
            List<Long> r = new ArrayList<>();
            for (long v : row) {
                r.add(v);
            }
            rows.add(r);
        }
        m.put("confusion_matrix", rows);
        return m;
    }

    public String text() {
        StringBuilder sb =
                new StringBuilder(
                        String.format(
                                java.util.Locale.ROOT,
                                "accuracy %.2f%%, macro F1 %.4f%s%n",
                                100 * accuracy(),
                                macroF1(),
                                confusion.length == 2
                                        ? String.format(
                                                java.util.Locale.ROOT, ", ROC AUC %.4f", auc)
                                        : ""));
        sb.append(
                String.format(
                        java.util.Locale.ROOT,
                        "%-16s %9s %9s %9s%n",
                        "class",
                        "precision",
                        "recall",
                        "F1"));
        for (int c = 0; c < confusion.length; c++) {
            sb.append(
                    String.format(
                            java.util.Locale.ROOT,
                            "%-16s %9.4f %9.4f %9.4f%n",
                            classes.get(c),
                            precision(c),
                            recall(c),
                            f1(c)));
        }
        sb.append("confusion matrix (rows: true, columns: predicted):\n");
        for (long[] row : confusion) {
            StringBuilder r = new StringBuilder();
            for (long v : row) {
                r.append(String.format("%6d", v));
            }
            sb.append(r).append('\n');
        }
        return sb.toString();
    }
}
