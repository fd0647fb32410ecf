package dev.znorm.core.transform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parameters a step works on, in model order, looked up by name. */
public final class ParamSet implements Iterable<Param> {

    private final Map<String, Param> byName;

    private ParamSet(Map<String, Param> byName) {
        this.byName = byName;
    }

    public static ParamSet of(List<Param> params) {
        Map<String, Param> map = new LinkedHashMap<>();
        for (Param p : params) {
            if (map.put(p.name(), p) != null) {
                throw new IllegalArgumentException("duplicate parameter name '" + p.name() + "'");
            }
        }
        return new ParamSet(Collections.unmodifiableMap(map));
    }

    public static ParamSet of(Param... params) {
        return of(List.of(params));
    }

    /** The parameter called {@code name}; fails with the known names when it is absent. */
    public Param get(String name) {
        Param p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException(
                    "no parameter named '" + name + "'; known: " + byName.keySet());
        }
        return p;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    public int size() {
        return byName.size();
    }

    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    @Override
    public Iterator<Param> iterator() {
        return byName.values().iterator();
    }
}
