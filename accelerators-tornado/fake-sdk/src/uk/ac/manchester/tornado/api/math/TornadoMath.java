package uk.ac.manchester.tornado.api.math;
// FAKE (host emulation of the TornadoVM API for checking accelerators-tornado where TornadoVM cannot run; signatures as read from TornadoVM's public API, bodies ours). Never shipped.
public class TornadoMath { public static float exp(float x){return (float)Math.exp(x);} public static float sqrt(float x){return (float)Math.sqrt(x);} public static float max(float a,float b){return Math.max(a,b);} public static float abs(float a){return Math.abs(a);} public static float floor(float a){return (float)Math.floor(a);} }
