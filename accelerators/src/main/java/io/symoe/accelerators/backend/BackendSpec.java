package io.symoe.accelerators.backend;

import io.symoe.accelerators.backend.opencl.OpenClBackend;
import io.symoe.accelerators.backend.opencl.OpenClSelection;
import io.symoe.accelerators.kernel.Parallel;

/** Which compute backend a model runs on (from {@code --backend cpu|opencl|tornado} and its options). */
public sealed interface BackendSpec {
    BackendSpec CPU = new Cpu();

    /** Opens the backend; {@code pool} (owned by the caller) runs host-side work. */
    ComputeBackend open(Parallel pool);

    record Cpu() implements BackendSpec {
        @Override
        public ComputeBackend open(Parallel pool) {
            return new CpuBackend(pool);
        }
    }

    /**
     * {@code inner} (a host backend) with every op timed into {@code times} ({@code bench engine --profile}). Device
     * backends keep whole blocks on the device, which a per-op timer on the host cannot see into: refused.
     */
    record Profiled(BackendSpec inner, OpTimes times) implements BackendSpec {
        public Profiled {
            if (!(inner instanceof Cpu)) {
                throw new UnsupportedOperationException("--profile times the cpu backend's ops; " + inner
                        + " runs whole blocks on its device");
            }
        }

        @Override
        public ComputeBackend open(Parallel pool) {
            return new ProfilingBackend(inner.open(pool), times);
        }
    }

    record OpenCl(OpenClSelection selection) implements BackendSpec {
        @Override
        public ComputeBackend open(Parallel pool) {
            return new OpenClBackend(selection, pool);
        }
    }

    /**
     * TornadoVM: the separate module {@code accelerators-tornado}, built only with TORNADOVM_HOME set (issue 16).
     * Loaded reflectively so this module never depends on it; absent from the class path → a clear error.
     * {@code fpgaFriendly} selects the FPGA-friendly kernel variants (single-pass router softmax), as for OpenCL.
     */
    record Tornado(boolean fpgaFriendly) implements BackendSpec {
        static final String CLASS = "io.symoe.accelerators.tornado.TornadoBackend";

        public Tornado() {
            this(false);
        }

        @Override
        public ComputeBackend open(Parallel pool) {
            Class<?> c;
            try {
                c = Class.forName(CLASS);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new UnsupportedOperationException("the TornadoVM backend is not part of this build: it lives in "
                        + "the separate module accelerators-tornado, built only when TORNADOVM_HOME is set (export "
                        + "TORNADOVM_HOME=\"$(accelerators-tornado/build-sdk.sh | tail -n 1)\") and run on TornadoVM's "
                        + "JVM; use --backend cpu or opencl", e);
            }
            try {
                return (ComputeBackend) c.getConstructor(Parallel.class, boolean.class).newInstance(pool, fpgaFriendly);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw new IllegalStateException("TornadoVM backend failed to start: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("TornadoVM backend " + CLASS + " has no (Parallel, boolean) constructor", e);
            }
        }
    }
}
