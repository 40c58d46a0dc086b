/**
 * Stand-ins for core in a plugin's unit tests: {@link io.sysgauge.testkit.TestContext} and
 * {@link io.sysgauge.testkit.RecordingWriter}.
 */
package io.sysgauge.testkit;
