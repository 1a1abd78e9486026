package uk.ac.manchester.tornado.api.enums;
// FAKE (host emulation of the TornadoVM API for checking accelerators-tornado where TornadoVM cannot run; signatures as read from TornadoVM's public API, bodies ours). Never shipped.
public class DataTransferMode { public static final int FIRST_EXECUTION = 0; public static final int EVERY_EXECUTION = 1; public static final int UNDER_DEMAND = 2; }
