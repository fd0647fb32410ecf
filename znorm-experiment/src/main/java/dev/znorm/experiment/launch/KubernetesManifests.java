package dev.znorm.experiment.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.znorm.core.state.AtomicFiles;
import dev.znorm.experiment.grid.GridSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A grid as a Kubernetes Indexed Job: {@code completions} = the grid's cells, each pod runs the
 * cell of its {@code JOB_COMPLETION_INDEX} (the manifest sets {@code ZNORM_SHARD_COUNT}), with the
 * grid's threads as its CPUs, a GPU when the grid asks for one, the grid, data and output on a
 * ReadWriteMany PersistentVolumeClaim, and five minutes between SIGTERM and SIGKILL on eviction,
 * time enough to write a checkpoint (the restarted pod resumes). A plain Job rebuilds the report.
 */
public final class KubernetesManifests {

    public static final String JOB = "compare-job.yaml";
    public static final String REPORT = "report-job.yaml";
    private static final ObjectMapper YAML =
            new ObjectMapper(
                    new YAMLFactory()
                            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private KubernetesManifests() {}

    public static List<Path> write(GridSpec spec, LaunchOptions o, Path dir) throws IOException {
        Path job = dir.resolve(JOB);
        Path report = dir.resolve(REPORT);
        AtomicFiles.write(
                job,
                "# The grid "
                        + o.grid()
                        + " as an Indexed Job, one pod per cell. Written by znorm compare"
                        + " --emit k8s.\n"
                        + YAML.writeValueAsString(cellsJob(spec, o)));
        AtomicFiles.write(
                report,
                "# Rebuilds the grid's report; apply it once the cells' Job is complete.\n"
                        + YAML.writeValueAsString(reportJob(spec, o)));
        return List.of(job, report);
    }

    static Map<String, Object> cellsJob(GridSpec spec, LaunchOptions o) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                o.znorm(),
                                "compare",
                                o.grid().toString(),
                                "--out",
                                o.out().toString(),
                                "--threads",
                                String.valueOf(spec.threadsPerRun())));
        if (LaunchOptions.gpu(spec)) {
            command.addAll(List.of("--device", "gpu")); // the pod's GPU is its first one
        }
        Map<String, Object> jobSpec = new LinkedHashMap<>();
        jobSpec.put("completionMode", "Indexed");
        jobSpec.put("completions", spec.size());
        jobSpec.put("parallelism", o.parallelFor(spec));
        jobSpec.put("backoffLimit", 3 * spec.size());
        jobSpec.put(
                "template",
                pod(
                        o,
                        command,
                        List.of(env("ZNORM_SHARD_COUNT", String.valueOf(spec.size()))),
                        String.valueOf(spec.threadsPerRun()),
                        o.memory(),
                        LaunchOptions.gpu(spec)));
        return job(LaunchOptions.slug(o.out()), jobSpec);
    }

    static Map<String, Object> reportJob(GridSpec spec, LaunchOptions o) {
        Map<String, Object> jobSpec = new LinkedHashMap<>();
        jobSpec.put("backoffLimit", 2);
        jobSpec.put(
                "template",
                pod(
                        o,
                        List.of(o.znorm(), "report", o.out().toString()),
                        List.of(),
                        "1",
                        "2Gi",
                        false));
        return job(LaunchOptions.slug(o.out()) + "-report", jobSpec);
    }

    private static Map<String, Object> job(String name, Map<String, Object> jobSpec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", "batch/v1");
        m.put("kind", "Job");
        m.put("metadata", Map.of("name", name));
        m.put("spec", jobSpec);
        return m;
    }

    private static Map<String, Object> pod(
            LaunchOptions o,
            List<String> command,
            List<Object> env,
            String cpu,
            String memory,
            boolean gpu) {
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("cpu", cpu);
        resources.put("memory", memory);
        Map<String, Object> limits = new LinkedHashMap<>(resources);
        if (gpu) {
            limits.put("nvidia.com/gpu", 1);
        }
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "znorm");
        container.put("image", o.image());
        container.put("workingDir", o.workdir());
        container.put("command", command);
        if (!env.isEmpty()) {
            container.put("env", env);
        }
        container.put("resources", Map.of("requests", resources, "limits", limits));
        container.put("volumeMounts", List.of(Map.of("name", "work", "mountPath", o.workdir())));
        Map<String, Object> podSpec = new LinkedHashMap<>();
        podSpec.put("restartPolicy", "OnFailure");
        podSpec.put("terminationGracePeriodSeconds", 300);
        podSpec.put("containers", List.of(container));
        podSpec.put(
                "volumes",
                List.of(
                        Map.of(
                                "name",
                                "work",
                                "persistentVolumeClaim",
                                Map.of("claimName", o.pvc()))));
        return Map.of("spec", podSpec);
    }

    private static Map<String, Object> env(String name, String value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("value", value);
        return m;
    }
}
