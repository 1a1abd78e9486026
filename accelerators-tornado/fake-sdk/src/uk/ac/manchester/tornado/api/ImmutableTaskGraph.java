package uk.ac.manchester.tornado.api;
// FAKE (host emulation of the TornadoVM API for checking accelerators-tornado where TornadoVM cannot run; signatures as read from TornadoVM's public API, bodies ours). Never shipped.
public class ImmutableTaskGraph { final TaskGraph g; ImmutableTaskGraph(TaskGraph g){this.g=g;} }
