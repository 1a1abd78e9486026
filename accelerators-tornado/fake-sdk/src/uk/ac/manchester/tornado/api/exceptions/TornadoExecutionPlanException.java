package uk.ac.manchester.tornado.api.exceptions;
// FAKE (host emulation of the TornadoVM API for checking accelerators-tornado where TornadoVM cannot run; signatures as read from TornadoVM's public API, bodies ours). Never shipped.
public class TornadoExecutionPlanException extends Exception {}
