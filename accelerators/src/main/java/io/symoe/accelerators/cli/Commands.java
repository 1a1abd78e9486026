package io.symoe.accelerators.cli;

/** Small shared helpers of the commands. */
final class Commands {
    private Commands() {
    }

    static int threads(Integer requested) {
        int t = requested == null ? Runtime.getRuntime().availableProcessors() : requested;
        if (t < 1 || t > 1024) {
            throw new IllegalArgumentException("--threads must be in [1, 1024], got " + t);
        }
        return t;
    }

    /** Prints a one-line error (no stack trace: these are the user's file or arguments) and returns exit code 1. */
    static int fail(picocli.CommandLine.Model.CommandSpec spec, Exception e) {
        String msg = e instanceof java.nio.file.NoSuchFileException ? "no such file: " + e.getMessage()
                : e instanceof java.nio.file.AccessDeniedException ? "cannot read: " + e.getMessage() : e.getMessage();
        spec.commandLine().getErr().println("error: " + msg);
        spec.commandLine().getErr().flush();
        return 1;
    }

    static double perSecond(int count, long nanos) {
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }
}
