package dev.znorm.core.optim;

/** What an optimizer's one-pass kernel did with a weight. */
enum InPlaceStep {
    /** Nothing: no kernel applies (the memory is not float32 CPU memory Java can write). */
    NOT_TAKEN,
    /** The weight and its state stepped. */
    STEPPED,
    /** Stepped, and the gradient it read is now zero: written as each chunk was read. */
    STEPPED_AND_ZEROED;

    /** Stepped, with the gradient zeroed when {@code zeroed}. */
    static InPlaceStep stepped(boolean zeroed) {
        return zeroed ? STEPPED_AND_ZEROED : STEPPED;
    }
}
