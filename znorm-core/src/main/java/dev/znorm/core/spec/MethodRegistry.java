package dev.znorm.core.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every method the spec parser knows: the {@code public static final MethodInfo SPEC} of each class
 * in znorm's method and optimizer packages, found by scanning those packages (so adding a method is
 * one new class), plus any a program {@link #register registers}.
 */
public final class MethodRegistry {

    static final List<String> PACKAGES = List.of("dev.znorm.core.method", "dev.znorm.core.optim");

    private static volatile Map<String, MethodInfo> methods;
    private static final Map<String, MethodInfo> REGISTERED =
            Collections.synchronizedMap(new LinkedHashMap<>());

    private MethodRegistry() {}

    /**
     * Every known method, transforms first, then wrappers and optimizers, each in its declared
     * order.
     */
    public static List<MethodInfo> all() {
        return sorted(byName().values());
    }

    /** The methods znorm itself declares (without those a program registered). */
    public static List<MethodInfo> builtIn() {
        return sorted(
                byName().values().stream().filter(m -> !REGISTERED.containsKey(m.name())).toList());
    }

    private static List<MethodInfo> sorted(java.util.Collection<MethodInfo> methods) {
        List<MethodInfo> list = new ArrayList<>(methods);
        list.sort(
                Comparator.comparing(MethodInfo::kind)
                        .thenComparingInt(MethodInfo::order)
                        .thenComparing(MethodInfo::name));
        return list;
    }

    public static List<MethodInfo> ofKind(MethodInfo.Kind kind) {
        return all().stream().filter(m -> m.kind() == kind).toList();
    }

    /** The method called {@code name}, or null. */
    public static MethodInfo find(String name) {
        return byName().get(name);
    }

    /** Adds a method of the program's own, usable in specs from now on. */
    public static void register(MethodInfo info) {
        check(info);
        if (byName().containsKey(info.name())) {
            throw new IllegalArgumentException(
                    "a method called '" + info.name() + "' exists already");
        }
        REGISTERED.put(info.name(), info);
        methods = null;
    }

    /** Whether a declaration is complete: a way to build it, a main option that exists. */
    private static void check(MethodInfo info) {
        if (!info.buildable()) {
            throw new IllegalStateException(
                    "method " + info.name() + " declares no way to build it");
        }
        if (info.mainOption() != null && info.option(info.mainOption()) == null) {
            throw new IllegalStateException(
                    "method "
                            + info.name()
                            + ": main option "
                            + info.mainOption()
                            + " is not declared");
        }
    }

    private static Map<String, MethodInfo> byName() {
        Map<String, MethodInfo> m = methods;
        if (m == null) {
            Map<String, MethodInfo> found = new LinkedHashMap<>();
            for (Class<?> c : scan()) {
                MethodInfo info = specOf(c);
                if (info != null && found.put(info.name(), info) != null) {
                    throw new IllegalStateException(
                            "two classes declare the method '" + info.name() + "'");
                }
            }
            found.putAll(REGISTERED);
            m = Collections.unmodifiableMap(found);
            methods = m;
        }
        return m;
    }

    private static MethodInfo specOf(Class<?> c) {
        try {
            Field f = c.getField("SPEC");
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == MethodInfo.class) {
                MethodInfo info = (MethodInfo) f.get(null);
                check(info);
                return info;
            }
        } catch (NoSuchFieldException e) {
            return null; // not a method
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(c + ": SPEC is not readable", e);
        }
        return null;
    }

    /** The top-level classes of {@link #PACKAGES}, from class folders and jars alike. */
    static List<Class<?>> scan() {
        ClassLoader loader = MethodRegistry.class.getClassLoader();
        List<String> names = new ArrayList<>();
        try {
            for (String pkg : PACKAGES) {
                String path = pkg.replace('.', '/');
                Enumeration<URL> urls = loader.getResources(path);
                while (urls.hasMoreElements()) {
                    URL url = urls.nextElement();
                    if (url.getProtocol().equals("jar")) {
                        JarFile jar = ((JarURLConnection) url.openConnection()).getJarFile();
                        for (JarEntry e : Collections.list(jar.entries())) {
                            String n = e.getName();
                            if (n.startsWith(path + "/") && n.indexOf('/', path.length() + 1) < 0) {
                                addClass(names, pkg, n.substring(path.length() + 1));
                            }
                        }
                    } else if (url.getProtocol().equals("file")) {
                        try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
                            s.forEach(p -> addClass(names, pkg, p.getFileName().toString()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list znorm's method classes", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String n : names.stream().distinct().sorted().toList()) {
            try {
                classes.add(Class.forName(n, true, loader));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(n, e);
            }
        }
        return classes;
    }

    private static void addClass(List<String> names, String pkg, String file) {
        if (file.endsWith(".class") && !file.contains("$") && !file.equals("package-info.class")) {
            names.add(pkg + "." + file.substring(0, file.length() - ".class".length()));
        }
    }
}
