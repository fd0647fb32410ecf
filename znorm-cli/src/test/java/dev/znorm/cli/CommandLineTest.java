package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.znorm.experiment.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end, in process: the demo runs, and bad input stops before training. */
class CommandLineTest {

    @TempDir Path dir;

    record Outcome(int code, String out, String err) {}

    private static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Outcome(
                    code,
                    out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Path sample() {
        return Path.of(System.getProperty("znorm.home", "..")).resolve("demo/cifar10");
    }

    /**
     * --version names the libtorch build this launch loads (the tests run on Maven Central's CPU
     * jar), the Java version and the statistics pass (these tests run without the Vector API);
     * without the CPU jar it says DJL downloads the build.
     */
    @Test
    void versionSaysWhichBuildAndWhichStatisticsPassRun() {
        Outcome o = run("--version");
        assertEquals(0, o.code(), o.err());
        assertTrue(
                o.out().contains("PyTorch 2.7.1, CPU build from Maven Central")
                        && o.out().contains("Java " + Runtime.version())
                        && o.out().contains("ZNorm statistics: scalar"),
                o.out());
        ClassLoader withoutCpuJar =
                new ClassLoader(null) {
                    @Override
                    public java.net.URL getResource(String name) {
                        return null;
                    }
                };
        assertTrue(
                VersionText.libtorchBuild(withoutCpuJar).contains("DJL downloads"),
                VersionText.libtorchBuild(withoutCpuJar));
    }

    @Test
    void demoTrainsBothMethodsAndWritesTheReport() throws Exception {
        Outcome o =
                run(
                        "demo",
                        "--epochs",
                        "1",
                        "--seeds",
                        "2",
                        "--threads",
                        "2",
                        "--out",
                        dir.toString());
        assertEquals(0, o.code, o.err + o.out);
        assertTrue(
                o.out.contains("adam        test accuracy ")
                        && o.out.contains("znorm+adam  test accuracy ")
                        && o.out.contains("(mean ± std over 2/2 seeds)"),
                o.out);
        assertTrue(
                o.out.contains("ZNorm + Adam − Adam, paired by seed: ")
                        && o.out.contains("pp (95% t interval), bootstrap [")
                        && o.out.contains("Reading: ")
                        && o.out.contains("decides nothing about ZNorm itself"),
                o.out);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(
                html.contains("<svg") && html.contains("znorm+adam"),
                "report.html has inline charts");
        assertTrue(
                !html.contains("src=") && !html.contains("<link") && !html.contains("<script"),
                "report.html loads nothing from outside");
        assertTrue(
                Files.readString(dir.resolve("runs/resnet20/znorm_adam/seed-1/config.json"))
                        .contains("\"method\":\"znorm+adam\""));
        Path adam = dir.resolve("runs/resnet20/adam/seed-0");
        assertTrue(
                Files.readString(adam.resolve("metrics.jsonl"))
                        .contains("\"accuracy\":{\"test\":"));
        assertTrue(Files.readString(adam.resolve("gradients.jsonl")).contains("\"norm\":"));
        assertTrue(Files.exists(dir.resolve("resnet20-forest.svg")), "the comparison report");
    }

    @Test
    void trainStopsBeforeTrainingOnBadInputNamingTheProblem() throws Exception {
        String data = sample().toString();
        Path out = dir.resolve("out");
        Outcome badMethod =
                run("train", "--data", data, "--method", "znrom+adam", "--out", out.toString());
        assertEquals(2, badMethod.code);
        assertTrue(badMethod.err.contains("unknown method 'znrom'"), badMethod.err);

        Outcome badPath =
                run("train", "--data", dir.resolve("nowhere").toString(), "--out", out.toString());
        assertEquals(2, badPath.code);
        assertTrue(
                badPath.err.contains("nowhere") && badPath.err.contains("does not exist"),
                badPath.err);

        Outcome badModel =
                run("train", "--data", data, "--model", "resnet21", "--out", out.toString());
        assertEquals(2, badModel.code);
        assertTrue(badModel.err.contains("6n + 2"), badModel.err);

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Outcome badOut = run("train", "--data", data, "--out", file.resolve("sub").toString());
        assertEquals(2, badOut.code);
        assertTrue(badOut.err.contains("cannot write to output folder"), badOut.err);

        Outcome badKind =
                run("train", "--data", data, "--dataset", "mnist", "--out", out.toString());
        assertEquals(2, badKind.code);
        assertTrue(badKind.err.contains("unknown dataset kind 'mnist'"), badKind.err);

        Outcome badBatch = run("train", "--data", data, "--batch", "0", "--out", out.toString());
        assertEquals(2, badBatch.code);
        assertTrue(badBatch.err.contains("--batch must be >= 1"), badBatch.err);

        assertTrue(!Files.exists(out.resolve("metrics.jsonl")), "nothing was trained");
    }

    @Test
    void trainRunsAFixedNumberOfStepsWithAGlobalChain() throws Exception {
        Outcome o =
                run(
                        "train",
                        "--data",
                        sample().toString(),
                        "--method",
                        "skip-non-finite+clip-global-norm=1+znorm+adam",
                        "--steps",
                        "3",
                        "--batch",
                        "32",
                        "--threads",
                        "2",
                        "--out",
                        dir.toString());
        assertEquals(0, o.code, o.err + o.out);
        assertTrue(
                Files.readString(dir.resolve("result.json")).contains("\"status\":\"finished\""));
        // the same run resumed on what its config says is another kind of machine: said so, and
        // a finished run is left as it is
        Path config = dir.resolve("config.json");
        String recorded = Files.readString(config);
        Files.writeString(
                config,
                recorded.replaceFirst(
                        "\"cpu_model\":\"[^\"]*\"", "\"cpu_model\":\"Other CPU 9000\""));
        String result = Files.readString(dir.resolve("result.json"));
        Outcome again =
                run(
                        "train",
                        "--data",
                        sample().toString(),
                        "--method",
                        "skip-non-finite+clip-global-norm=1+znorm+adam",
                        "--steps",
                        "3",
                        "--batch",
                        "32",
                        "--threads",
                        "2",
                        "--out",
                        dir.toString(),
                        "--resume");
        assertEquals(0, again.code, again.err + again.out);
        assertTrue(
                again.out.contains("this run was started on another kind of machine")
                        && again.out.contains("Other CPU 9000")
                        && again.out.contains("holds the finished run; nothing to do"),
                again.out);
        assertEquals(result, Files.readString(dir.resolve("result.json")), "left as it was");
    }

    @Test
    void evaluateAndPredictReopenATrainedRun() throws Exception {
        Path runDir = dir.resolve("run");
        assertEquals(
                0,
                run(
                                "train",
                                "--data",
                                sample().toString(),
                                "--model",
                                "resnet8",
                                "--steps",
                                "4",
                                "--batch",
                                "32",
                                "--threads",
                                "2",
                                "--out",
                                runDir.toString())
                        .code);
        Outcome ev = run("evaluate", "--run", runDir.toString(), "--split", "test");
        assertEquals(0, ev.code, ev.err);
        assertTrue(ev.out.contains("macro F1") && ev.out.contains("confusion matrix"), ev.out);
        assertTrue(
                Files.readString(runDir.resolve("evaluate-test.json")).contains("\"per_class\""));
        Path image = sample().resolve("test/cat/00000.png");
        Outcome pr = run("predict", "--run", runDir.toString(), image.toString());
        assertEquals(0, pr.code, pr.err);
        assertTrue(pr.out.contains("cat=") && pr.out.contains("truck="), pr.out);
        Outcome missing =
                run("predict", "--run", runDir.toString(), dir.resolve("none.png").toString());
        assertEquals(2, missing.code);
        assertTrue(missing.err.contains("none.png does not exist"), missing.err);
        Outcome notRun = run("evaluate", "--run", dir.toString());
        assertEquals(2, notRun.code);
        assertTrue(notRun.err.contains("not a run folder"), notRun.err);
        Outcome badSplit = run("evaluate", "--run", runDir.toString(), "--split", "val");
        assertEquals(2, badSplit.code);
        assertTrue(badSplit.err.contains("no split 'val'"), badSplit.err);
    }

    @Test
    void nonFiniteLossesAreSkippedAndCountedOrStopTheRunNamingTheStep() throws Exception {
        Path skipping = dir.resolve("skip");
        Outcome diverged =
                run(
                        "train",
                        "--data",
                        sample().toString(),
                        "--model",
                        "resnet8",
                        "--method",
                        "sgd:lr=1e30",
                        "--steps",
                        "14",
                        "--batch",
                        "32",
                        "--threads",
                        "2",
                        "--out",
                        skipping.toString());
        assertEquals(1, diverged.code, diverged.out + diverged.err);
        // non-finite steps are skipped and counted until ten in a row make the run diverged
        JsonNode result = Json.MAPPER.readTree(skipping.resolve("result.json").toFile());
        assertEquals("failed", result.path("status").asText(), result.toString());
        assertTrue(
                result.path("failure").asText().startsWith("diverged: 10 non-finite losses"),
                result.toString());
        assertEquals(10, result.path("skipped_steps").asInt(-1), result.toString());
        Path stopping = dir.resolve("stop");
        Outcome stopped =
                run(
                        "train",
                        "--data",
                        sample().toString(),
                        "--model",
                        "resnet8",
                        "--method",
                        "sgd:lr=1e30",
                        "--steps",
                        "14",
                        "--batch",
                        "32",
                        "--threads",
                        "2",
                        "--stop-on-non-finite",
                        "--out",
                        stopping.toString());
        assertEquals(1, stopped.code);
        assertTrue(
                stopped.err.contains("non-finite loss") && stopped.err.contains("at step 1"),
                stopped.err);
    }
}
