package uk.ac.manchester.tornado.api;
// FAKE (host emulation of the TornadoVM API for checking accelerators-tornado where TornadoVM cannot run; signatures as read from TornadoVM's public API, bodies ours). Never shipped.
public class WorkerGrid1D implements WorkerGrid { final long g; long l = 1; public WorkerGrid1D(long g){this.g=g;} public void setLocalWork(long x,long y,long z){l=x;} public long global(){return g;} public long local(){return l;} }
