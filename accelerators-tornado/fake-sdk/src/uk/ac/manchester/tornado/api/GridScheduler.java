package uk.ac.manchester.tornado.api;
// FAKE (host emulation of the TornadoVM API for checking accelerators-tornado where TornadoVM cannot run; signatures as read from TornadoVM's public API, bodies ours). Never shipped.
public class GridScheduler { final java.util.Map<String,WorkerGrid> m=new java.util.HashMap<>(); public GridScheduler(String t, WorkerGrid w){m.put(t,w);} }
