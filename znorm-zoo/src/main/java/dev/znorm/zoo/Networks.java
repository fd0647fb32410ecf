package dev.znorm.zoo;

import ai.djl.nn.Block;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import java.util.List;
import java.util.Locale;

/**
 * Networks by name, as the command line and configs write them: {@code resnet20}, {@code resnet56b}
 * (option B shortcuts), {@code plain20} (no shortcuts), any depth 6n + 2.
 */
public final class Networks {

    public static final List<String> EXAMPLES =
            List.of(
                    "resnet20",
                    "resnet32",
                    "resnet44",
                    "resnet56",
                    "resnet110",
                    "resnet20b",
                    "plain20",
                    "plain56",
                    "vgg16",
                    "densenet100");

    /** Segmentation networks: U-Net and Res-U-Net. */
    public static final List<String> SEGMENTATION = List.of("unet", "resunet");

    /** A segmentation network by name with its input/output channels and base width (depth 4). */
    public static Block segmentation(String name, int inChannels, int outChannels, int width) {
        String n = name.toLowerCase(Locale.ROOT).trim();
        if (!SEGMENTATION.contains(n)) {
            throw new IllegalArgumentException(
                    "unknown segmentation model '" + name + "'; known: " + SEGMENTATION);
        }
        return UNet.builder()
                .inChannels(inChannels)
                .outChannels(outChannels)
                .width(width)
                .residual(n.equals("resunet"))
                .build();
    }

    private Networks() {}

    public static Block byName(String name, int classes) {
        String n = name.toLowerCase(Locale.ROOT).trim();
        if (n.equals("vgg16")) {
            return Vgg.vgg16(classes);
        }
        if (n.startsWith("densenet")) {
            try {
                return DenseNet.bc(Integer.parseInt(n.substring("densenet".length())), 12, classes);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "unknown model '"
                                + name
                                + "'; DenseNet-BC is densenetDEPTH,"
                                + " e.g. densenet100");
            }
        }
        Shortcut shortcut;
        String digits;
        if (n.startsWith("resnet")) {
            digits = n.substring("resnet".length());
            shortcut = Shortcut.A;
            if (digits.endsWith("b")) {
                shortcut = Shortcut.B;
                digits = digits.substring(0, digits.length() - 1);
            } else if (digits.endsWith("a")) {
                digits = digits.substring(0, digits.length() - 1);
            }
        } else if (n.startsWith("plain")) {
            digits = n.substring("plain".length());
            shortcut = Shortcut.NONE;
        } else {
            throw new IllegalArgumentException(
                    "unknown model '" + name + "'; known: " + EXAMPLES + " (any depth 6n + 2)");
        }
        int depth;
        try {
            depth = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "unknown model '"
                            + name
                            + "': no depth after the"
                            + " family name; known: "
                            + EXAMPLES);
        }
        return CifarResNet.builder().depth(depth).shortcut(shortcut).classes(classes).build();
    }

    /**
     * He (Kaiming) normal initialisation, fan-in, gain 2, for every weight, as torch's CIFAR
     * ResNets use; BatchNorm starts at gamma 1, beta 0 and biases at 0 (DJL's defaults).
     */
    public static Initializer heNormal() {
        return new XavierInitializer(
                XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);
    }
}
