package dev.znorm.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's line of ZNorm's own cost inside a training step: each step benchmark row with ZNorm
 * less the same optimizer run the same way without it, on both sides.
 */
final class ZNormCosts {

    private ZNormCosts() {}

    private static final String WITH_ZNORM = "ZNorm + ";
    private static final Pattern OPTIMIZER = Pattern.compile("^\\S+ (\\w+)");

    /**
     * "1.86 ms (in place), 3.09 ms (new arrays)" from the DJL rows that carry ZNorm, each less the
     * same optimizer without ZNorm run the same way: the row of the same name without "ZNorm + "
     * ("znorm Adam, WholeStep" for "ZNorm + znorm Adam, WholeStep"), else the second row (znorm
     * Adam in trainer.step()). Rows of another optimizer than Adam name it ("SGD, WholeStep").
     */
    static String djl(List<String[]> djl, double withoutZNorm) {
        List<String> parts = new ArrayList<>();
        for (String[] r : djl) {
            if (r[0].startsWith(WITH_ZNORM)) {
                String how = r[0].substring(r[0].lastIndexOf(',') + 1).trim();
                String plain = r[0].substring(WITH_ZNORM.length());
                String[] base = named(djl, plain);
                double without = base == null ? withoutZNorm : Double.parseDouble(base[5]);
                String optimizer = optimizerOf(plain);
                parts.add(
                        String.format(
                                Locale.ROOT,
                                "%.2f ms (%s)",
                                Double.parseDouble(r[5]) - without,
                                optimizer.equals("Adam") ? how : optimizer + ", " + how));
            }
        }
        return String.join(", ", parts);
    }

    /**
     * "2.06 ms (Adam), 2.10 ms (SGD)": each PyTorch row with ZNorm less the row of the same name
     * without it.
     */
    static String torch(List<String[]> torch) {
        List<String> parts = new ArrayList<>();
        for (String[] r : torch) {
            String[] base =
                    r[0].startsWith(WITH_ZNORM)
                            ? named(torch, r[0].substring(WITH_ZNORM.length()))
                            : null;
            if (base != null) {
                double cost = Double.parseDouble(r[3]) - Double.parseDouble(base[3]);
                String optimizer = optimizerOf(base[0]);
                parts.add(String.format(Locale.ROOT, "%.2f ms (%s)", cost, optimizer));
            }
        }
        return String.join(", ", parts);
    }

    /** "SGD" of "znorm SGD, mom. 0.9, WholeStep": the word after the library's. */
    private static String optimizerOf(String row) {
        Matcher m = OPTIMIZER.matcher(row);
        return m.find() ? m.group(1) : row;
    }

    private static String[] named(List<String[]> rows, String name) {
        for (String[] r : rows) {
            if (r[0].equals(name)) {
                return r;
            }
        }
        return null;
    }
}
