/**
 * Quality-vs-cost sweeps on RouterBench recordings: symoe's cost-aware recruiter over λ and k against every single
 * model and the top-k vote, with each model's recorded dollar cost per call.
 */
package io.symoe.benchmarks.cost;
