/**
 * picocli commands of model-pool; the lead registers them under the top-level {@code symoe} CLI.
 */
package io.symoe.modelpool.cli;
