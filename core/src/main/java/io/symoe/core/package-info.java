/**
 * The shared domain of symoe: the records and sealed interfaces every module speaks.
 *
 * <p>This module owns data shapes and their validation only. It must not depend on Vert.x, Jackson or any
 * backend; behaviour lives in the modules that use these types.
 */
package io.symoe.core;
