/**
 * Training the learned aggregator from recorded outcomes for {@code profiles-build --learned-aggregator}: the
 * questions are routed as the service will route them (embedding skills, competence-weighted recruiter), with
 * cross-fitted profiles so no competence weight has seen the question it is a feature of.
 */
package io.symoe.skillrouter.learned;
