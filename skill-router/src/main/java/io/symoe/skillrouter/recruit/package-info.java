/**
 * Recruiters: the paper's sampling recruiter (steps 4-5) and the deterministic, competence-weighted, cost-aware and adaptive improvements.
 */
package io.symoe.skillrouter.recruit;
