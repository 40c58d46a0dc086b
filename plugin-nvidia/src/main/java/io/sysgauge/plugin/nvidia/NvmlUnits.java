package io.sysgauge.plugin.nvidia;

/** NVML's units and codes turned into the ones sysgauge reports. */
final class NvmlUnits {

    private static final String[] ARCHITECTURES = {
        null, null, "Kepler", "Maxwell", "Pascal", "Volta", "Turing", "Ampere", "Ada", "Hopper", "Blackwell"};

    private NvmlUnits() {}

    /** NVML reports power in milliwatts. */
    static double watts(long milliwatts) {
        return milliwatts / 1000.0;
    }

    /** @return part over whole in percent; NaN, which writers drop, when whole is not positive */
    static double percent(double part, double whole) {
        return whole > 0 ? 100.0 * part / whole : Double.NaN;
    }

    /** @param encoded NVML's CUDA driver version, 1000 * major + 10 * minor (12040 is 12.4) */
    static String cudaVersion(int encoded) {
        return encoded / 1000 + "." + encoded % 1000 / 10;
    }

    /** @param code an {@code nvmlDeviceArchitecture_t} */
    static String architecture(long code) {
        if (code >= 0 && code < ARCHITECTURES.length && ARCHITECTURES[(int) code] != null) {
            return ARCHITECTURES[(int) code];
        }
        return "unknown (" + code + ")";
    }
}
