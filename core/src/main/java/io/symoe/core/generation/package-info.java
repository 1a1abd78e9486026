/**
 * The generation boundary: model backends implement {@link io.symoe.core.generation.Generator}; the skill
 * router (keyword generation), the aggregator (synthesis) and the pipeline call it.
 */
package io.symoe.core.generation;
