package io.sysgauge.plugin.ipu;

import io.sysgauge.testkit.ScriptedTools;
import java.nio.file.Path;

/**
 * gc-info as the IPU tests script it, through the kit's {@link ScriptedTools}: where the Poplar SDK
 * puts it, and the answers of an IPU-POD4. The distribution's tests run a real executable.
 */
final class FakeGcInfo {

    static final Path ON_PATH = Path.of("/opt/poplar/bin/gc-info");
    /** What gc-info prints on standard error for a device it cannot open. */
    static final String NOT_FOUND = "Error: device 9 not found";

    private FakeGcInfo() {}

    /**
     * Answers the listing with the four-IPU partition and each IPU's attributes with the pod4 fixtures.
     *
     * @param tools the scripted tools
     * @return {@code tools}
     */
    static ScriptedTools pod4(ScriptedTools tools) {
        tools.answer("gc-info --list-devices", Fixtures.text("gc-info-list-devices-pod.txt"));
        for (int ipu = 0; ipu < 4; ipu++) {
            tools.answer("gc-info --device-id " + ipu + " --device-info",
                    Fixtures.text("gc-info-device-info-pod4-ipu" + ipu + ".txt"));
        }
        return tools;
    }
}
