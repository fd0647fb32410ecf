package dev.znorm.experiment.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.znorm.experiment.grid.GridSpec;
import dev.znorm.experiment.grid.GridSpecReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launch files of a grid: the Kubernetes manifests parsed back field by field, the Slurm
 * scripts read line by line and checked by bash for syntax. (tools/slurm-test submits them to a
 * real Slurm.)
 */
class LaunchFilesTest {

    @TempDir Path dir;

    private GridSpec grid(String extra) throws Exception {
        Path cfg =
                Files.writeString(
                        dir.resolve("g.yaml"),
                        "data: "
                                + dir
                                + "\nmodels: [resnet8, plain8]\nmethods: [adam, znorm+adam]\nseeds: [0, 1, 2]\nthreads: 2\n"
                                + extra);
        return GridSpecReader.read(cfg);
    }

    private static LaunchOptions options(int parallel) {
        return new LaunchOptions(
                "znorm",
                Path.of("grids/g.yaml"),
                Path.of("runs/My Grid"),
                parallel,
                "6Gi",
                "12:00:00",
                "short",
                "registry.example/znorm:0.1",
                "znorm-work",
                "/work");
    }

    @Test
    void theIndexedJobRunsOneCellPerIndexWithTheGridsResources() throws Exception {
        GridSpec spec = grid("");
        List<Path> files = KubernetesManifests.write(spec, options(4), dir);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode job = yaml.readTree(files.get(0).toFile());
        assertEquals("batch/v1", job.path("apiVersion").asText());
        assertEquals("Job", job.path("kind").asText());
        assertEquals("znorm-my-grid", job.path("metadata").path("name").asText());
        JsonNode s = job.path("spec");
        assertEquals("Indexed", s.path("completionMode").asText());
        assertEquals(12, s.path("completions").asInt(), "one index per cell");
        assertEquals(4, s.path("parallelism").asInt());
        JsonNode pod = s.path("template").path("spec");
        assertEquals("OnFailure", pod.path("restartPolicy").asText());
        assertTrue(
                pod.path("terminationGracePeriodSeconds").asInt() >= 120,
                "time to write a checkpoint after SIGTERM");
        JsonNode c = pod.path("containers").get(0);
        assertEquals("registry.example/znorm:0.1", c.path("image").asText());
        assertEquals("/work", c.path("workingDir").asText());
        assertEquals(
                List.of(
                        "znorm",
                        "compare",
                        "grids/g.yaml",
                        "--out",
                        "runs/My Grid",
                        "--threads",
                        "2"),
                texts(c.path("command")));
        assertEquals("ZNORM_SHARD_COUNT", c.path("env").get(0).path("name").asText());
        assertEquals("12", c.path("env").get(0).path("value").asText());
        assertEquals("2", c.path("resources").path("requests").path("cpu").asText());
        assertEquals("6Gi", c.path("resources").path("limits").path("memory").asText());
        assertTrue(c.path("resources").path("limits").path("nvidia.com/gpu").isMissingNode());
        assertEquals("/work", c.path("volumeMounts").get(0).path("mountPath").asText());
        assertEquals(
                "znorm-work",
                pod.path("volumes")
                        .get(0)
                        .path("persistentVolumeClaim")
                        .path("claimName")
                        .asText());

        JsonNode report = yaml.readTree(files.get(1).toFile());
        assertEquals("znorm-my-grid-report", report.path("metadata").path("name").asText());
        assertTrue(report.path("spec").path("completionMode").isMissingNode());
        assertEquals(
                List.of("znorm", "report", "runs/My Grid"),
                texts(
                        report.path("spec")
                                .path("template")
                                .path("spec")
                                .path("containers")
                                .get(0)
                                .path("command")));
    }

    @Test
    void aGpuGridAsksForAGpuPerPodAndPassesTheDevice() throws Exception {
        GridSpec spec = grid("device: gpu\n");
        JsonNode job =
                new ObjectMapper(new YAMLFactory())
                        .readTree(KubernetesManifests.write(spec, options(0), dir).get(0).toFile());
        JsonNode c = job.path("spec").path("template").path("spec").path("containers").get(0);
        assertEquals(1, c.path("resources").path("limits").path("nvidia.com/gpu").asInt());
        List<String> command = texts(c.path("command"));
        assertEquals("gpu", command.get(command.indexOf("--device") + 1));
        assertEquals(12, job.path("spec").path("parallelism").asInt(), "0: every cell at once");
    }

    @Test
    void theSlurmArrayHasATaskPerCellRequeuesAndSignalsBeforeTheLimit() throws Exception {
        GridSpec spec = grid("");
        List<Path> files = SlurmScripts.write(spec, options(3), dir);
        String array = Files.readString(files.get(0));
        for (String line :
                List.of(
                        "#SBATCH --array=0-11%3",
                        "#SBATCH --cpus-per-task=2",
                        "#SBATCH --mem=6Gi",
                        "#SBATCH --time=12:00:00",
                        "#SBATCH --partition=short",
                        "#SBATCH --requeue",
                        "#SBATCH --signal=B:TERM@120",
                        "znorm compare grids/g.yaml --out 'runs/My Grid' --threads 2 --shard"
                                + " \"$SLURM_ARRAY_TASK_ID/12\" &",
                        "scontrol requeue")) {
            assertTrue(array.contains(line), line + " in\n" + array);
        }
        assertFalse(array.contains("--gres"), "no GPU asked for a CPU grid");
        assertTrue(Files.readString(files.get(1)).contains("znorm report 'runs/My Grid'"));
        String submit = Files.readString(files.get(2));
        assertTrue(submit.contains("--dependency=afterany:"), submit);
        for (Path f : files) {
            assertTrue(Files.isExecutable(f), f.toString());
            Process bash =
                    new ProcessBuilder("bash", "-n", f.toString())
                            .redirectErrorStream(true)
                            .start();
            assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
            assertEquals(
                    0,
                    bash.exitValue(),
                    f
                            + ": "
                            + new String(
                                    bash.getInputStream().readAllBytes(),
                                    java.nio.charset.StandardCharsets.UTF_8));
        }
        String gpu =
                Files.readString(
                        SlurmScripts.write(grid("device: gpu:1\n"), options(0), dir.resolve("gpu"))
                                .get(0));
        // the task sees its allocated GPU as the first, whichever the grid named
        assertTrue(gpu.contains("#SBATCH --gres=gpu:1") && gpu.contains("--device gpu &"), gpu);
        assertTrue(gpu.contains("#SBATCH --array=0-11%12"), gpu);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
