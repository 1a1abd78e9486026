package io.symoe.accelerators.cli;

import io.symoe.accelerators.backend.BackendSpec;
import io.symoe.accelerators.backend.opencl.OpenClSelection;
import picocli.CommandLine.Option;

/** {@code --backend cpu|opencl|tornado [--platform N] [--device N] [--fpga-friendly]}, shared by the commands. */
public final class BackendOptions {
    enum Kind { cpu, opencl, tornado }

    @Option(names = "--backend", defaultValue = "cpu",
            description = "compute backend: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Kind backend = Kind.cpu;

    @Option(names = "--platform", defaultValue = "0", description = "OpenCL platform index, as clinfo -l lists them (default ${DEFAULT-VALUE})")
    int platform;

    @Option(names = "--device", defaultValue = "0", description = "OpenCL device index within the platform (default ${DEFAULT-VALUE})")
    int device;

    @Option(names = "--fpga-friendly", description = "OpenCL / TornadoVM: the FPGA-friendly kernel variants (single-pass router softmax)")
    boolean fpgaFriendly;

    BackendSpec spec() {
        return switch (backend) {
            case cpu -> BackendSpec.CPU;
            case opencl -> new BackendSpec.OpenCl(new OpenClSelection(platform, device, fpgaFriendly));
            case tornado -> new BackendSpec.Tornado(fpgaFriendly);
        };
    }
}
