/**
 * Checks that keep the deployment files, configs and dashboards under ops/ consistent with the code.
 */
package io.symoe.ops;
