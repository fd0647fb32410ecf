package dev.znorm.experiment.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.znorm.core.state.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One owner per folder: a lock file ({@code .znorm.lock}) created with {@code O_CREAT|O_EXCL},
 * which is atomic on local file systems, NFSv3+ and Lustre (unlike {@code flock}, which some NFS
 * set-ups do not honour across machines). It records who holds it (host, pid, start time, a token)
 * and a heartbeat the holder rewrites every {@link #HEARTBEAT_SECONDS}.
 *
 * <p>A lock is stale, and is taken over, when its holder is on this host and its process is gone,
 * or when its heartbeat is older than {@link #staleAfterSeconds()} (a holder on another machine
 * that died, or lost the file system). Taking over renames the stale file away, which only one of
 * several contenders can do, then creates a new lock.
 */
public final class FolderLock implements AutoCloseable {

    public static final String FILE = ".znorm.lock";

    /** How often a holder rewrites its heartbeat. */
    public static final int HEARTBEAT_SECONDS = 20;

    private final Path file;
    private final String token;
    private final ScheduledExecutorService heartbeat;
    private final java.util.concurrent.ScheduledFuture<?> beating;
    private final LockHolder holder;

    private FolderLock(Path file, String token, LockHolder holder) {
        this.file = file;
        this.token = token;
        this.holder = holder;
        this.heartbeat =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "znorm-lock-heartbeat");
                            t.setDaemon(true);
                            return t;
                        });
        beating =
                heartbeat.scheduleAtFixedRate(
                        this::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Seconds without a heartbeat after which a lock of another host counts as stale
     * (ZNORM_LOCK_STALE_SECONDS).
     */
    public static long staleAfterSeconds() {
        String v = System.getenv("ZNORM_LOCK_STALE_SECONDS");
        try {
            return v == null ? 600 : Math.max(2L * HEARTBEAT_SECONDS, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return 600;
        }
    }

    /**
     * Takes the lock of {@code dir} for {@code what} (e.g. "znorm train"), taking over a stale one
     * (said to {@code log}); fails naming the holder when a live process holds it.
     */
    public static FolderLock acquire(Path dir, String what, java.util.function.Consumer<String> log)
            throws IOException {
        return tryAcquire(dir, what, log)
                .orElseThrow(
                        () ->
                                new FolderInUseException(
                                        dir
                                                + " is in use by "
                                                + read(dir.resolve(FILE))
                                                        .map(LockHolder::describe)
                                                        .orElse("another process")
                                                + "; wait for it to end, or use another output folder"));
    }

    /** The lock of {@code dir}, or empty when a live process holds it. */
    public static Optional<FolderLock> tryAcquire(
            Path dir, String what, java.util.function.Consumer<String> log) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        for (int attempt = 0; attempt < 5; attempt++) {
            String token = UUID.randomUUID().toString();
            LockHolder me =
                    new LockHolder(
                            host(),
                            ProcessHandle.current().pid(),
                            Instant.now().toString(),
                            Instant.now().toString(),
                            token,
                            what);
            try {
                Files.write(
                        file, json(me), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return Optional.of(new FolderLock(file, token, me));
            } catch (FileAlreadyExistsException e) {
                Optional<LockHolder> held = read(file);
                if (held.isPresent() && !isStale(held.get())) {
                    return Optional.empty();
                }
                if (held.isEmpty() && age(file) < HEARTBEAT_SECONDS) {
                    continue; // being written right now by its creator
                }
                if (takeOver(file, held.orElse(null))) {
                    log.accept(
                            "znorm: took over the stale lock of "
                                    + dir
                                    + " from "
                                    + held.map(LockHolder::describe)
                                            .orElse("an unreadable lock file"));
                }
            }
        }
        return Optional.empty();
    }

    /** Who holds the lock of {@code dir} now, if anyone. */
    public static Optional<LockHolder> holder(Path dir) {
        return read(dir.resolve(FILE));
    }

    public LockHolder me() {
        return holder;
    }

    static boolean isStale(LockHolder h) {
        if (h.host().equals(host())) {
            if (h.pid() == ProcessHandle.current().pid()) {
                return false; // this process holds it (through another object)
            }
            return ProcessHandle.of(h.pid()).map(p -> !p.isAlive()).orElse(true);
        }
        try {
            return Instant.parse(h.heartbeat())
                    .plusSeconds(staleAfterSeconds())
                    .isBefore(Instant.now());
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * Moves the stale lock away; only the one contender whose rename succeeds may take its place.
     */
    private static boolean takeOver(Path file, LockHolder stale) throws IOException {
        Path away = file.resolveSibling(FILE + ".stale-" + UUID.randomUUID());
        try {
            Files.move(file, away, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false; // another contender moved it first
        }
        Optional<LockHolder> moved = read(away);
        if (stale != null && moved.isPresent() && !moved.get().token().equals(stale.token())) {
            // a new holder had taken it between our read and our rename: give it back
            try {
                Files.move(away, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // it will be seen as missing by its holder's heartbeat, which recreates it
            }
            return false;
        }
        Files.deleteIfExists(away);
        return true;
    }

    private void beat() {
        try {
            Optional<LockHolder> now = read(file);
            if (now.isPresent() && now.get().token().equals(token)) {
                LockHolder h =
                        new LockHolder(
                                holder.host(),
                                holder.pid(),
                                holder.started(),
                                Instant.now().toString(),
                                token,
                                holder.what());
                AtomicFiles.write(file, json(h));
            }
        } catch (IOException | RuntimeException e) {
            // the next beat tries again; a lock that stays silent is taken over as stale
        }
    }

    @Override
    public void close() {
        beating.cancel(false);
        heartbeat.shutdownNow();
        try {
            Optional<LockHolder> now = read(file);
            if (now.isPresent() && now.get().token().equals(token)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // left behind: the next process sees its holder gone and takes it over
        }
    }

    private static byte[] json(LockHolder h) {
        return (Json.write(h) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<LockHolder> read(Path file) {
        try {
            ObjectNode n = Json.readObject(file);
            return Optional.of(Json.MAPPER.treeToValue(n, LockHolder.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long age(Path file) {
        try {
            return (System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis()) / 1000;
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    static String host() {
        return dev.znorm.experiment.env.MachineInfo.host();
    }
}
