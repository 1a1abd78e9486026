package uk.ac.manchester.tornado.api;
import uk.ac.manchester.tornado.api.types.arrays.DeviceCopy;
import java.util.*;
/** FAKE (host emulation of TornadoVM): separate "device" copies, transfers as declared, work-groups as threads. */
public class TornadoExecutionPlan implements AutoCloseable {
 final ImmutableTaskGraph[] gs; GridScheduler sched; final Map<Object,Object> dev = new IdentityHashMap<>(); boolean first = true;
 public TornadoExecutionPlan(ImmutableTaskGraph... g){gs=g;}
 public TornadoExecutionPlan withGridScheduler(GridScheduler s){sched=s;return this;}
 public TornadoExecutionResult execute(){
  for (ImmutableTaskGraph ig : gs) { TaskGraph g = ig.g;
   for (Object[] t : g.in) { int mode=(Integer)t[0]; for (int i=1;i<t.length;i++){ Object o=t[i]; DeviceCopy d=(DeviceCopy)dev.computeIfAbsent(o,k->((DeviceCopy)k).fresh()); if (mode==1 || first) d.copyFrom(o);} }
   for (Object[] t : g.out) for (int i=1;i<t.length;i++) dev.computeIfAbsent(t[i], k->((DeviceCopy)k).fresh()); // outputs are allocated on the device
   for (TaskGraph.Task task : g.tasks) {
    Object[] args = task.args().clone();
    for (int i=0;i<args.length;i++) if (args[i] instanceof DeviceCopy) { Object d=dev.get(args[i]); if (d==null) throw new IllegalStateException("task "+task.id()+" argument "+i+" never transferred to the device"); args[i]=d; }
    if (args.length>0 && args[0] instanceof KernelContext) {
     WorkerGrid w = sched==null?null:sched.m.get(g.name+"."+task.id());
     if (w==null) throw new IllegalStateException("no worker grid for "+g.name+"."+task.id());
     int local=(int)w.local(), groups=(int)(w.global()/local);
     for (int gr=0;gr<groups;gr++) { KernelContext.Group grp=new KernelContext.Group(local); List<Thread> th=new ArrayList<>(); List<Throwable> errs=Collections.synchronizedList(new ArrayList<>());
      for (int l=0;l<local;l++){ KernelContext c=new KernelContext(); c.group=grp; c.localIdx=l; c.groupIdx=gr; c.globalIdx=gr*local+l; Object[] a=args.clone(); a[0]=c;
       Thread x=Thread.ofVirtual().unstarted(()->{ try{task.code().accept(a);}catch(Throwable e){errs.add(e);} }); th.add(x); x.start(); }
      for (Thread x: th) try{x.join();}catch(InterruptedException e){throw new RuntimeException(e);}
      if(!errs.isEmpty()) throw new RuntimeException(errs.get(0)); }
    } else task.code().accept(args);
   }
   for (Object[] t : g.out) for (int i=1;i<t.length;i++) ((DeviceCopy)t[i]).copyFrom(dev.get(t[i]));
  }
  first=false; return new TornadoExecutionResult(); }
 public void close() throws uk.ac.manchester.tornado.api.exceptions.TornadoExecutionPlanException { dev.clear(); } }
