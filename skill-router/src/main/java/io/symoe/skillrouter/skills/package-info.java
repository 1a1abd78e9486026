/**
 * What skills an instance needs: the paper's sampled keywords, a dataset category, or the nearest profile questions by embedding.
 */
package io.symoe.skillrouter.skills;
