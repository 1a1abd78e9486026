/**
 * picocli commands of this module (route-eval, profiles-build).
 */
package io.symoe.skillrouter.cli;
