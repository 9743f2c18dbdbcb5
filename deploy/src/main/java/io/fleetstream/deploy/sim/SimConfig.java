package io.fleetstream.deploy.sim;

import java.time.Duration;

/**
 * Shape of a simulation.
 *
 * @param jobsPerMinute mean arrival rate of new jobs (Poisson)
 * @param serviceScale real service time as a share of the declared one (0.05: a 30-minute job takes
 *     90 s), so a demo shows a working day in minutes while every clock stays real
 * @param failureRate share of jobs that fail on site
 * @param overrunRate share of jobs that take three times their usual time
 * @param pingInterval how often each driver's phone reports its position
 */
public record SimConfig(
    String tenant,
    int drivers,
    Duration duration,
    double jobsPerMinute,
    double serviceScale,
    double failureRate,
    double overrunRate,
    Duration pingInterval,
    long seed) {}
