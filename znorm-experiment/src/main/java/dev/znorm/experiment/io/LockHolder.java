package dev.znorm.experiment.io;

/** Who holds a lock, as written in its file. */
public record LockHolder(
        String host, long pid, String started, String heartbeat, String token, String what) {

    public String describe() {
        return "process "
                + pid
                + " on "
                + host
                + " ("
                + what
                + ", since "
                + started
                + ", last heartbeat "
                + heartbeat
                + ")";
    }
}
