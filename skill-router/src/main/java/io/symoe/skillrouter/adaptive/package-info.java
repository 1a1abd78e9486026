/**
 * Adaptive k learned, not guessed: replays of the sequential stopping rule on recorded training questions
 * ({@link io.symoe.skillrouter.adaptive.StopTrace}), the learner that fits its calibration and threshold for a
 * target number of calls ({@link io.symoe.skillrouter.adaptive.StopLearner}), and the versioned file that carries
 * the result beside the profiles ({@link io.symoe.skillrouter.adaptive.StopPolicyJson}).
 */
package io.symoe.skillrouter.adaptive;
