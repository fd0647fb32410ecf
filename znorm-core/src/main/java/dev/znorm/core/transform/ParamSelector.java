package dev.znorm.core.transform;

import ai.djl.nn.Parameter;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Chooses the parameters a transform acts on, by shape, name or DJL type; the rest pass through
 * bitwise unchanged. Selectors combine with {@link #and}, {@link #or} and {@link #not}.
 */
public final class ParamSelector {

    private final Predicate<Param> test;
    private final String description;

    private ParamSelector(Predicate<Param> test, String description) {
        this.test = test;
        this.description = description;
    }

    public static ParamSelector of(Predicate<Param> test, String description) {
        return new ParamSelector(Objects.requireNonNull(test), Objects.requireNonNull(description));
    }

    /** Every parameter. */
    public static ParamSelector all() {
        return of(p -> true, "all");
    }

    /**
     * Tensors with two or more dimensions: convolution kernels and linear weights (the default).
     */
    public static ParamSelector weights() {
        return ndimAtLeast(2).describedAs("weights (ndim >= 2)");
    }

    public static ParamSelector ndimAtLeast(int ndim) {
        return of(p -> p.ndim() >= ndim, "ndim >= " + ndim);
    }

    /** Parameters whose name matches the regular expression (anywhere in the name). */
    public static ParamSelector nameMatches(String regex) {
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "invalid parameter-name pattern '" + regex + "': " + e.getDescription(), e);
        }
        return of(p -> pattern.matcher(p.name()).find(), "name ~ /" + regex + "/");
    }

    public static ParamSelector type(Parameter.Type type) {
        return of(p -> p.type() == type, "type " + type);
    }

    public ParamSelector and(ParamSelector other) {
        return of(test.and(other.test), "(" + description + " and " + other.description + ")");
    }

    public ParamSelector or(ParamSelector other) {
        return of(test.or(other.test), "(" + description + " or " + other.description + ")");
    }

    public ParamSelector not() {
        return of(test.negate(), "not " + description);
    }

    public ParamSelector describedAs(String newDescription) {
        return of(test, newDescription);
    }

    public boolean test(Param p) {
        return test.test(p);
    }

    /** Throws, naming {@code owner} and this selection, when it selects none of {@code all}. */
    public void requireAnyOf(ParamSet all, String owner) {
        for (Param p : all) {
            if (test(p)) {
                return;
            }
        }
        throw new IllegalArgumentException(
                "the selection '"
                        + description
                        + "' of "
                        + owner
                        + " selects none of the model's "
                        + all.size()
                        + " parameters "
                        + all.names());
    }

    @Override
    public String toString() {
        return description;
    }
}
