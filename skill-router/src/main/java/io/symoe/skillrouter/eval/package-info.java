/**
 * Replay of routing strategies on recorded model outputs against the topk-vote baseline.
 */
package io.symoe.skillrouter.eval;
