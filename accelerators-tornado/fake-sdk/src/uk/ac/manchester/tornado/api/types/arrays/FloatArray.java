package uk.ac.manchester.tornado.api.types.arrays;
// FAKE (host emulation of the TornadoVM API for checking accelerators-tornado where TornadoVM cannot run; signatures as read from TornadoVM's public API, bodies ours). Never shipped.
public final class FloatArray implements DeviceCopy { final float[] a; public FloatArray(int n){a=new float[n];} public float get(int i){return a[i];} public void set(int i,float v){a[i]=v;} public int getSize(){return a.length;}
 public static FloatArray fromArray(float[] x){FloatArray f=new FloatArray(x.length); System.arraycopy(x,0,f.a,0,x.length); return f;}
 public Object fresh(){return new FloatArray(a.length);} public void copyFrom(Object o){System.arraycopy(((FloatArray)o).a,0,a,0,a.length);} }
