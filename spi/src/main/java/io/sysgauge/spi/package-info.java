/**
 * The sysgauge plugin contract.
 *
 * <p>A hardware vendor writes one {@link io.sysgauge.spi.MetricCollector}, annotates it with
 * {@link org.pf4j.Extension}, and ships it in a PF4J plugin jar whose manifest names a
 * {@code Plugin-Requires} range on this SPI's version ({@link io.sysgauge.spi.SpiVersion}).
 * Core finds the collector, calls {@link io.sysgauge.spi.MetricCollector#probe probe} once and
 * {@link io.sysgauge.spi.MetricCollector#sample sample} on every tick of the sampling loop.
 *
 * <p>This package depends on PF4J and the JDK only. It evolves by adding default methods and
 * new types; anything that would break an existing plugin bumps the major version.
 */
package io.sysgauge.spi;
