/**
 * The pool facade: {@link io.symoe.modelpool.pool.ModelPool} (a core {@code Generator} plus batch runs with re-recruiting), {@link io.symoe.modelpool.pool.OnlineDispatcher} (online serving through a scheduler) and {@link io.symoe.modelpool.pool.ModelPoolFactory} (built from {@code PoolConfig}).
 */
package io.symoe.modelpool.pool;
