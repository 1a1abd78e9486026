package io.symoe.aggregator.learned;

/**
 * Turns the JVM's linkage error for XGBoost's native library into an error that says what to install: XGBoost4J
 * ships its own {@code libxgboost4j.so} but links it against the system's OpenMP runtime, {@code libgomp.so.1},
 * which a machine with only a JDK may lack (an {@code UnsatisfiedLinkError} first, then "Could not initialize
 * class ...XGBoostJNI" on every later call).
 */
final class NativeLibraryMissing {
    private NativeLibraryMissing() {
    }

    static IllegalStateException explain(LinkageError e) {
        return new IllegalStateException("the learned aggregator's gradient-boosted trees need XGBoost's native library,"
                + " which did not load (" + e + "); it needs the OpenMP runtime libgomp.so.1: on Debian/Ubuntu"
                + " apt-get install libgomp1 (the Docker image has it), or serve another aggregator.strategy", e);
    }
}
