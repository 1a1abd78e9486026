package uk.ac.manchester.tornado.api.types.arrays;
// FAKE (host emulation of the TornadoVM API for checking accelerators-tornado where TornadoVM cannot run; signatures as read from TornadoVM's public API, bodies ours). Never shipped.
import uk.ac.manchester.tornado.api.types.HalfFloat;
public final class ByteArray implements DeviceCopy { final byte[] a; public ByteArray(int n){a=new byte[n];} public byte get(int i){return a[i];} public void set(int i,byte v){a[i]=v;}
 public HalfFloat getHalfFloat(int i){return new HalfFloat((short)((a[i]&0xFF)|(a[i+1]<<8)));}
 public static ByteArray fromSegment(java.lang.foreign.MemorySegment s){ByteArray b=new ByteArray((int)s.byteSize()); java.lang.foreign.MemorySegment.ofArray(b.a).copyFrom(s); return b;}
 public Object fresh(){return new ByteArray(a.length);} public void copyFrom(Object o){System.arraycopy(((ByteArray)o).a,0,a,0,a.length);} }
