package io.symoe.accelerators.backend.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;
import org.jocl.cl_queue_properties;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.jocl.CL.*;

/** One OpenCL device with its context, in-order queue and the built symoe program (kernels.cl). */
final class OpenClDevice implements AutoCloseable {
    final cl_context context;
    final cl_command_queue queue;
    final cl_program program;
    final String name;

    private OpenClDevice(cl_context context, cl_command_queue queue, cl_program program, String name) {
        this.context = context;
        this.queue = queue;
        this.program = program;
        this.name = name;
    }

    /** "platform #i: name / device #j: name" for every platform and device (empty when there are none). */
    static List<String> list() {
        List<String> out = new ArrayList<>();
        for (int p = 0; p < platforms().length; p++) {
            cl_platform_id platform = platforms()[p];
            cl_device_id[] devices = devices(platform);
            for (int d = 0; d < devices.length; d++) {
                out.add("platform " + p + " (" + platformName(platform) + ") device " + d + " (" + deviceName(devices[d]) + ")");
            }
        }
        return out;
    }

    static OpenClDevice open(OpenClSelection sel) {
        cl_platform_id[] platforms = platforms();
        if (platforms.length == 0) {
            throw new OpenClUnavailableException("no OpenCL platform found: install an OpenCL ICD "
                    + "(on Debian/Ubuntu for the CPU: apt-get install pocl-opencl-icd) or use --backend cpu");
        }
        if (sel.platform() >= platforms.length) {
            throw new OpenClUnavailableException("OpenCL platform " + sel.platform() + " requested, " + platforms.length
                    + " available: " + list());
        }
        cl_platform_id platform = platforms[sel.platform()];
        cl_device_id[] devices = devices(platform);
        if (sel.device() >= devices.length) {
            throw new OpenClUnavailableException("OpenCL device " + sel.device() + " requested on platform "
                    + sel.platform() + ", which has " + devices.length + ": " + list());
        }
        cl_device_id device = devices[sel.device()];
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, platform);
        cl_context context = clCreateContext(props, 1, new cl_device_id[]{device}, null, null, null);
        cl_command_queue queue = clCreateCommandQueueWithProperties(context, device, new cl_queue_properties(), null);
        cl_program program = clCreateProgramWithSource(context, 1, new String[]{source()}, null, null);
        String options = "-cl-std=CL1.2" + (sel.fpgaFriendly() ? " -DFPGA_FRIENDLY" : "");
        try {
            clBuildProgram(program, 1, new cl_device_id[]{device}, options, null, null);
        } catch (CLException e) {
            throw new IllegalStateException("OpenCL kernels failed to build on " + deviceName(device) + ":\n"
                    + buildLog(program, device), e);
        }
        return new OpenClDevice(context, queue, program, platformName(platform) + " / " + deviceName(device));
    }

    cl_kernel kernel(String name) {
        return clCreateKernel(program, name, null);
    }

    private static cl_platform_id[] platforms() {
        try {
            CL.setExceptionsEnabled(true);
            int[] n = new int[1];
            try {
                clGetPlatformIDs(0, null, n);
            } catch (CLException e) { // CL_PLATFORM_NOT_FOUND_KHR from the ICD loader: no vendor installed
                return new cl_platform_id[0];
            }
            cl_platform_id[] ps = new cl_platform_id[n[0]];
            if (n[0] > 0) {
                clGetPlatformIDs(n[0], ps, null);
            }
            return ps;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new OpenClUnavailableException("the OpenCL library (libOpenCL.so, the ICD loader) could not be loaded: "
                    + e.getMessage() + "; install ocl-icd-libopencl1 and an ICD such as pocl-opencl-icd", e);
        }
    }

    private static cl_device_id[] devices(cl_platform_id platform) {
        int[] n = new int[1];
        try {
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
        } catch (CLException e) { // CL_DEVICE_NOT_FOUND
            return new cl_device_id[0];
        }
        cl_device_id[] ds = new cl_device_id[n[0]];
        clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, n[0], ds, null);
        return ds;
    }

    private static String platformName(cl_platform_id p) {
        long[] size = new long[1];
        clGetPlatformInfo(p, CL_PLATFORM_NAME, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetPlatformInfo(p, CL_PLATFORM_NAME, b.length, Pointer.to(b), null);
        return cString(b);
    }

    static String deviceName(cl_device_id d) {
        long[] size = new long[1];
        clGetDeviceInfo(d, CL_DEVICE_NAME, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetDeviceInfo(d, CL_DEVICE_NAME, b.length, Pointer.to(b), null);
        return cString(b);
    }

    private static String buildLog(cl_program program, cl_device_id device) {
        long[] size = new long[1];
        clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, b.length, Pointer.to(b), null);
        return cString(b);
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8).trim();
    }

    private static String source() {
        try (InputStream in = OpenClDevice.class.getResourceAsStream("kernels.cl")) {
            if (in == null) {
                throw new IllegalStateException("kernels.cl missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kernels.cl", e);
        }
    }

    @Override
    public void close() {
        clReleaseProgram(program);
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }

    static final long FLOAT = Sizeof.cl_float;
}
