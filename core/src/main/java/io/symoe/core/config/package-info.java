/**
 * The typed configuration every module reads: one YAML file (see {@code ops/config/symoe.yaml}) bound to these
 * records by the orchestrator's config loader. Defaults live in the compact constructors, so a record built in
 * a test and one read from YAML behave the same.
 */
package io.symoe.core.config;
