/** picocli commands of the aggregator module, registered under the top-level {@code symoe} CLI by the lead. */
package io.symoe.aggregator.cli;
