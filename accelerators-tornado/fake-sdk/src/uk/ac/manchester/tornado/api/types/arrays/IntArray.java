package uk.ac.manchester.tornado.api.types.arrays;
// FAKE (host emulation of the TornadoVM API for checking accelerators-tornado where TornadoVM cannot run; signatures as read from TornadoVM's public API, bodies ours). Never shipped.
public final class IntArray implements DeviceCopy { final int[] a; public IntArray(int n){a=new int[n];} public int get(int i){return a[i];} public void set(int i,int v){a[i]=v;} public int getSize(){return a.length;}
 public Object fresh(){return new IntArray(a.length);} public void copyFrom(Object o){System.arraycopy(((IntArray)o).a,0,a,0,a.length);} }
