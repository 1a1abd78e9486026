package io.symoe.accelerators.backend.opencl;

/**
 * Which OpenCL device to run on: indexes into the platforms the ICD loader lists and into that platform's
 * devices (all types), as {@code clinfo -l} prints them. {@code fpgaFriendly} builds the kernels with
 * {@code -DFPGA_FRIENDLY} (Edge-MoE's single-pass softmax).
 */
public record OpenClSelection(int platform, int device, boolean fpgaFriendly) {
    public static final OpenClSelection DEFAULT = new OpenClSelection(0, 0, false);

    public OpenClSelection {
        if (platform < 0 || device < 0) {
            throw new IllegalArgumentException("OpenCL platform and device indexes must be >= 0, got " + platform + "/" + device);
        }
    }
}
