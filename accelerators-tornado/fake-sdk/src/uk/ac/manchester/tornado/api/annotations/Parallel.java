package uk.ac.manchester.tornado.api.annotations;
// FAKE (host emulation of the TornadoVM API for checking accelerators-tornado where TornadoVM cannot run; signatures as read from TornadoVM's public API, bodies ours). Never shipped.
import java.lang.annotation.*;
@Target({ElementType.LOCAL_VARIABLE, ElementType.TYPE, ElementType.TYPE_USE, ElementType.TYPE_PARAMETER}) @Retention(RetentionPolicy.RUNTIME)
public @interface Parallel {}
