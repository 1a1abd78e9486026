/**
 * The backend SPI: {@link io.symoe.modelpool.backend.ModelBackend} (generate a batch for one model; list, load, unload, sleep, wake, health; {@link io.symoe.modelpool.backend.Capabilities} flags), the {@link io.symoe.modelpool.backend.CallPolicy} every remote call goes through, and {@link io.symoe.modelpool.backend.InProcessBackend} for in-process engines. Implementations live in sub-packages, one per protocol.
 */
package io.symoe.modelpool.backend;
