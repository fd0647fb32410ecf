package dev.znorm.zoo;

/** How a CIFAR ResNet's shortcut crosses a change of width and resolution (He et al. 2016, 4.2). */
public enum Shortcut {
    /** Identity, sub-sampled by 2 and zero-padded in channels: no parameters (the original). */
    A,
    /** A 1x1 convolution with stride 2 and BatchNorm (a projection) where the shape changes. */
    B,
    /** No shortcut at all: the plain twin, for testing the claims about skip connections. */
    NONE
}
