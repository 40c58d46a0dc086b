package io.sysgauge.core.session;

import io.sysgauge.spi.CollectorContext;
import io.sysgauge.spi.CommandRunner;
import io.sysgauge.spi.ConfigSection;
import io.sysgauge.spi.DeviceSelection;
import io.sysgauge.spi.HealthLog;
import io.sysgauge.spi.ProcessScope;
import java.nio.file.Path;
import java.time.Duration;

/** What each collector gets at probe time. */
record Context(ConfigSection config, ProcessScope processScope, Duration interval, DeviceSelection gpuDevices, Path procRoot,
        Path sysRoot, Path devRoot, CommandRunner commands, HealthLog health) implements CollectorContext {}
