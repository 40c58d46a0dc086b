package io.sysgauge.host;

/**
 * Two cumulative byte counters of one device: received/sent for a network interface,
 * read/written for a block device.
 *
 * @param name the device name ({@code eth0}, {@code nvme0n1})
 * @param in bytes received or read
 * @param out bytes sent or written
 * @param countsInTotal whether the device adds to the machine-wide sum (a device-mapper or md
 *     device stacked on other disks does not, or its I/O would count twice)
 */
public record DeviceCounters(String name, long in, long out, boolean countsInTotal) {}
