package uk.ac.manchester.tornado.api.types;
// FAKE (host emulation of the TornadoVM API for checking accelerators-tornado where TornadoVM cannot run; signatures as read from TornadoVM's public API, bodies ours). Never shipped.
public class HalfFloat { private final short h; public HalfFloat(float f){h=Float.floatToFloat16(f);} public HalfFloat(short s){h=s;} public float getFloat32(){return Float.float16ToFloat(h);} }
