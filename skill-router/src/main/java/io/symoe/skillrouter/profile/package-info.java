/**
 * Per-skill model profiles (paper step 2) built from recorded validation results, with coverage, persisted as versioned JSON.
 */
package io.symoe.skillrouter.profile;
