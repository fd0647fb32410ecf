package dev.znorm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end, in process: the demo runs, and bad input stops before training. */
class CommandLineTest {

    @TempDir
    Path dir;

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
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Path sample() {
        return Path.of(System.getProperty("znorm.home", "..")).resolve("demo/cifar10");
    }

    @Test
    void demoTrainsBothMethodsAndWritesTheReport() throws Exception {
        Outcome o = run("demo", "--epochs", "1", "--threads", "2", "--out", dir.toString());
        assertEquals(0, o.code, o.err + o.out);
        assertTrue(o.out.contains("| adam ") && o.out.contains("| znorm+adam "), o.out);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("znorm+adam"), "report.html has inline charts");
        assertTrue(!html.contains("src=") && !html.contains("<link") && !html.contains("<script"),
                "report.html loads nothing from outside");
        assertTrue(Files.readString(dir.resolve("znorm_adam/config.json")).contains("\"method\":\"znorm+adam\""));
        assertTrue(Files.readString(dir.resolve("adam/metrics.jsonl")).contains("\"accuracy\":{\"test\":"));
        assertTrue(Files.readString(dir.resolve("adam/gradients.jsonl")).contains("\"norm\":"));
    }

    @Test
    void trainStopsBeforeTrainingOnBadInputNamingTheProblem() throws Exception {
        String data = sample().toString();
        Path out = dir.resolve("out");
        Outcome badMethod = run("train", "--data", data, "--method", "znrom+adam", "--out", out.toString());
        assertEquals(2, badMethod.code);
        assertTrue(badMethod.err.contains("unknown method 'znrom'"), badMethod.err);

        Outcome badPath = run("train", "--data", dir.resolve("nowhere").toString(), "--out", out.toString());
        assertEquals(2, badPath.code);
        assertTrue(badPath.err.contains("nowhere") && badPath.err.contains("does not exist"), badPath.err);

        Outcome badModel = run("train", "--data", data, "--model", "resnet21", "--out", out.toString());
        assertEquals(2, badModel.code);
        assertTrue(badModel.err.contains("6n + 2"), badModel.err);

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Outcome badOut = run("train", "--data", data, "--out", file.resolve("sub").toString());
        assertEquals(2, badOut.code);
        assertTrue(badOut.err.contains("cannot write to output folder"), badOut.err);

        Outcome badKind = run("train", "--data", data, "--dataset", "mnist", "--out", out.toString());
        assertEquals(2, badKind.code);
        assertTrue(badKind.err.contains("unknown dataset kind 'mnist'"), badKind.err);

        Outcome badBatch = run("train", "--data", data, "--batch", "0", "--out", out.toString());
        assertEquals(2, badBatch.code);
        assertTrue(badBatch.err.contains("--batch must be >= 1"), badBatch.err);

        assertTrue(!Files.exists(out.resolve("metrics.jsonl")), "nothing was trained");
    }

    @Test
    void trainRunsAFixedNumberOfStepsWithAGlobalChain() throws Exception {
        Outcome o = run("train", "--data", sample().toString(), "--method", "skip-non-finite+clip-global-norm=1+znorm+adam",
                "--steps", "3", "--batch", "32", "--threads", "2", "--out", dir.toString());
        assertEquals(0, o.code, o.err + o.out);
        assertTrue(Files.readString(dir.resolve("result.json")).contains("\"status\":\"finished\""));
    }
}
