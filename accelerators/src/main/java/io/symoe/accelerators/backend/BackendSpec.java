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

    record OpenCl(OpenClSelection selection) implements BackendSpec {
        @Override
        public ComputeBackend open(Parallel pool) {
            return new OpenClBackend(selection, pool);
        }
    }

    /** TornadoVM: a separate module built only with TORNADO_SDK set (issue 10, part 3); not in this build. */
    record Tornado() implements BackendSpec {
        @Override
        public ComputeBackend open(Parallel pool) {
            throw new UnsupportedOperationException("the TornadoVM backend is not part of this build: it lives in a "
                    + "separate module built only when TORNADO_SDK is set (not yet written); use --backend cpu or opencl");
        }
    }
}
