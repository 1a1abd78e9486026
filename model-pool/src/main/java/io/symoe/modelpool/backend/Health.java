package io.symoe.modelpool.backend;

/** A backend's answer to a health probe. */
public record Health(boolean up, String detail) {
    public static Health up(String detail) {
        return new Health(true, detail);
    }

    public static Health down(String detail) {
        return new Health(false, detail);
    }
}
