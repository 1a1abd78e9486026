package uk.ac.manchester.tornado.api;
import java.util.*; import java.util.concurrent.*;
/** FAKE (host emulation): one instance per work-item, a shared group state for local memory and barriers. */
public class KernelContext { public int globalIdx, localIdx, groupIdx; Group group; int allocs;
 static final class Group { final CyclicBarrier barrier; final List<float[]> arrays = new ArrayList<>(); Group(int n){barrier=new CyclicBarrier(n);} }
 public float[] allocateFloatLocalArray(int n){ synchronized(group){ if(group.arrays.size()<=allocs) group.arrays.add(new float[n]); return group.arrays.get(allocs++);} }
 public void localBarrier(){ try{ group.barrier.await(10, TimeUnit.SECONDS);}catch(Exception e){throw new IllegalStateException("barrier: divergent work-group", e);} } }
