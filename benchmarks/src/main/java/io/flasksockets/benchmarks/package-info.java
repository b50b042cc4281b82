/**
 * Benchmarks: the same echo written as a raw Spring handler and as a blocking route, and the load that compares them.
 */
@NullMarked
package io.flasksockets.benchmarks;

import org.jspecify.annotations.NullMarked;
