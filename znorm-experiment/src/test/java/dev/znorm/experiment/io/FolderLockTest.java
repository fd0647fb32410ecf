package dev.znorm.experiment.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One owner per folder, with real processes: a live holder is named to the next comer; a holder
 * killed with SIGKILL leaves a lock that is taken over; a holder on another machine is trusted
 * while its heartbeat is fresh and taken over once it is old (a shared file system's case).
 */
class FolderLockTest {

    @TempDir Path dir;

    private Process holder(Path folder) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p =
                new ProcessBuilder(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                LockHolderMain.class.getName(),
                                folder.toString())
                        .redirectErrorStream(true)
                        .start();
        BufferedReader r =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertTrue(line != null && line.startsWith("locked"), "the holder took the lock: " + line);
        return p;
    }

    @Test
    void aLiveHolderIsNamedAndAKilledOnesLockIsTakenOver() throws Exception {
        Path folder = dir.resolve("run");
        Process p = holder(folder);
        try {
            FolderInUseException e =
                    assertThrows(
                            FolderInUseException.class,
                            () -> FolderLock.acquire(folder, "me", m -> {}));
            assertTrue(
                    e.getMessage().contains("is in use by process " + p.pid() + " on ")
                            && e.getMessage().contains("test holder")
                            && e.getMessage().contains("since"),
                    e.getMessage());
            assertTrue(FolderLock.tryAcquire(folder, "me", m -> {}).isEmpty());
        } finally {
            p.destroyForcibly(); // SIGKILL: no chance to release
            p.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(
                Files.exists(folder.resolve(FolderLock.FILE)),
                "a killed holder leaves its lock file");
        List<String> log = new ArrayList<>();
        try (FolderLock mine = FolderLock.acquire(folder, "me", log::add)) {
            assertEquals(ProcessHandle.current().pid(), mine.me().pid());
            assertTrue(
                    log.size() == 1
                            && log.get(0).contains("took over the stale lock")
                            && log.get(0).contains(String.valueOf(p.pid())),
                    log.toString());
        }
        assertFalse(Files.exists(folder.resolve(FolderLock.FILE)), "released on close");
    }

    private static void plant(Path folder, String host, Instant heartbeat) throws Exception {
        Files.createDirectories(folder);
        Files.writeString(
                folder.resolve(FolderLock.FILE),
                Json.write(
                                new LockHolder(
                                        host,
                                        4242,
                                        "2026-01-01T00:00:00Z",
                                        heartbeat.toString(),
                                        "their-token",
                                        "znorm on another machine"))
                        + "\n");
    }

    @Test
    void aHolderOnAnotherMachineCountsWhileItsHeartbeatIsFresh() throws Exception {
        Path fresh = dir.resolve("fresh");
        plant(fresh, "node-17", Instant.now());
        Optional<FolderLock> refused = FolderLock.tryAcquire(fresh, "me", m -> {});
        assertTrue(refused.isEmpty(), "a fresh heartbeat on another host is a live holder");

        Path silent = dir.resolve("silent");
        plant(silent, "node-17", Instant.now().minusSeconds(FolderLock.staleAfterSeconds() + 5));
        List<String> log = new ArrayList<>();
        try (FolderLock mine = FolderLock.tryAcquire(silent, "me", log::add).orElseThrow()) {
            assertTrue(log.get(0).contains("node-17"), log.toString());
            assertEquals(mine.me(), FolderLock.holder(silent).orElseThrow());
        }
    }

    @Test
    void aDamagedLockFileIsNotForever() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("damaged"));
        Files.writeString(folder.resolve(FolderLock.FILE), "{\"host\":");
        Files.setLastModifiedTime(
                folder.resolve(FolderLock.FILE),
                java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(120)));
        try (FolderLock mine = FolderLock.acquire(folder, "me", m -> {})) {
            assertEquals("me", mine.me().what());
        }
    }
}
