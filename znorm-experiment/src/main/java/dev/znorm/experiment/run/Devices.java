package dev.znorm.experiment.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.znorm.experiment.BadInputException;

/** The devices a run may ask for ("cpu", "gpu", "gpu:N"), checked against what the engine sees. */
public final class Devices {

    private Devices() {}

    /** null for the CPU (so older records, which name no device, equal new ones), else "gpu:N". */
    public static String canonical(String name) {
        if (name == null || name.equalsIgnoreCase("cpu")) {
            return null;
        }
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("gpu")) {
            return "gpu:0";
        }
        if (n.matches("gpu:\\d+")) {
            return n;
        }
        throw new BadInputException(
                "--device '" + name + "': expected cpu, gpu or gpu:N (N counts from 0)");
    }

    /** The DJL device of {@code spec}, after checking that the engine has it. */
    public static Device of(RunSpec spec) {
        String name = spec.deviceName();
        if (name.equals("cpu")) {
            return Device.cpu();
        }
        int id = Integer.parseInt(name.substring(4));
        int gpus = Engine.getInstance().getGpuCount();
        if (id >= gpus) {
            throw new BadInputException(
                    "--device "
                            + name
                            + ": the engine sees "
                            + gpus
                            + " GPU"
                            + (gpus == 1 ? "" : "s")
                            + (gpus == 0
                                    ? " (this libtorch is the CPU build, or no CUDA driver is visible; the README's GPU section"
                                            + " says what to install)"
                                    : ""));
        }
        return Device.gpu(id);
    }
}
