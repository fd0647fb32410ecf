package dev.znorm.experiment.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON conventions of every record this project writes: one line, keys in the order given,
 * snake_case names for record components, non-finite numbers as {@code null} (JSON has no NaN),
 * paths as plain strings, duplicate keys refused when reading.
 */
public final class Json {

    /** The mapper for run records, summaries and reports. */
    public static final ObjectMapper MAPPER = create();

    private Json() {}

    private static ObjectMapper create() {
        SimpleModule module = new SimpleModule("znorm-json");
        module.addSerializer(Double.class, new FiniteOrNull());
        module.addSerializer(double.class, new FiniteOrNull());
        module.addSerializer(Float.class, new FloatFiniteOrNull());
        module.addSerializer(float.class, new FloatFiniteOrNull());
        module.addSerializer(double[].class, new DoubleArray());
        module.addSerializer(Path.class, new ToStringSerializer(Path.class));
        ObjectMapper m = new ObjectMapper();
        m.registerModule(module);
        m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        m.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        m.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return m;
    }

    private static final class FiniteOrNull extends JsonSerializer<Double> {
        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (Double.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeNull();
            }
        }
    }

    private static final class FloatFiniteOrNull extends JsonSerializer<Float> {
        @Override
        public void serialize(Float v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (Float.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeNull();
            }
        }
    }

    private static final class DoubleArray extends JsonSerializer<double[]> {
        @Override
        public void serialize(double[] a, JsonGenerator g, SerializerProvider p)
                throws IOException {
            g.writeStartArray();
            for (double v : a) {
                if (Double.isFinite(v)) {
                    g.writeNumber(v);
                } else {
                    g.writeNull();
                }
            }
            g.writeEndArray();
        }
    }

    /** {@code value} as one line of JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An object whose keys keep the order given ({@code Map.of} iterates in an order that changes
     * from one JVM to the next, so the files written would differ between identical runs).
     */
    public static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** The JSON object in {@code file}; errors name the file. */
    public static ObjectNode readObject(Path file) throws IOException {
        JsonNode n;
        try {
            n = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.FileNotFoundException e) {
            throw new NoSuchFileException(file.toString());
        }
        if (n == null || !n.isObject()) {
            throw new IOException(file + ": expected a JSON object");
        }
        return (ObjectNode) n;
    }

    /** The JSON object on one line of text; {@code where} names it in errors. */
    public static ObjectNode parseObject(String line, String where) {
        try {
            JsonNode n = MAPPER.readTree(line);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(where + ": not a JSON record: " + line);
            }
            return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    where + ": not a JSON record: " + e.getOriginalMessage() + ": " + line, e);
        }
    }

    /** Whether {@code file} exists and holds a JSON object (a torn or foreign file does not). */
    public static boolean isObjectFile(Path file) {
        try {
            return Files.isRegularFile(file) && MAPPER.readTree(file.toFile()).isObject();
        } catch (IOException e) {
            return false;
        }
    }
}
