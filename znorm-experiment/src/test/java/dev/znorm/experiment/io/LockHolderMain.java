package dev.znorm.experiment.io;

import java.nio.file.Path;

/**
 * A process that takes a folder's lock, says so, and keeps it until it is killed (for {@link
 * FolderLockTest}).
 */
public final class LockHolderMain {

    private LockHolderMain() {}

    public static void main(String[] args) throws Exception {
        try (FolderLock lock = FolderLock.acquire(Path.of(args[0]), "test holder", m -> {})) {
            System.out.println("locked " + lock.me().pid());
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
