package io.fleetstream.deploy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.carrotsearch.hppc.LongArrayList;
import org.junit.jupiter.api.Test;

/** The benchmark's own honesty: what it counts as lost, duplicated and late. */
class OutputLedgerTest {

  private static final long START = 1_000_000L;
  private static final long WINDOW = 60_000L;
  private final OutputLedger ledger = new OutputLedger();
  private final LongArrayList sent = new LongArrayList();

  @Test
  void aLostAndADuplicatedOutputAreBothCounted() {
    ledger.beginPhase(START, WINDOW, 2);
    send(0, START + 10);
    send(1, START + 10);
    send(0, START + 30);
    ledger.driverState(0, START + 10, START + 200);
    ledger.driverState(0, START + 10, START + 260); // the same ping's output again
    ledger.driverState(1, START + 10, START + 210); // driver 0's ping at +30 never comes back

    OutputLedger.Phase phase = ledger.endPhase();
    assertThat(phase.lostPings(sent)).isEqualTo(1);
    assertThat(phase.duplicates()).isEqualTo(1);
  }

  @Test
  void aDecisionSeenTwiceIsADuplicateAndAJobWithoutOneIsPending() {
    ledger.beginPhase(START, WINDOW, 1);
    ledger.expectJob("job_a", START);
    ledger.expectJob("job_b", START);
    ledger.decision("evt_1", "job_a", START + 300);
    ledger.decision("evt_1", "job_a", START + 350);

    OutputLedger.Phase phase = ledger.endPhase();
    assertThat(phase.duplicates()).isEqualTo(1);
    assertThat(ledger.pendingJobs()).isEqualTo(1);
    assertThat(ledger.somePendingJobs(5)).containsExactly("job_b");
    assertThat(phase.jobLatency().getMaxValue()).isBetween(299L, 301L);
  }

  @Test
  void aStallShowsAsLatencyBecauseInputsCarryTheirScheduledTime() {
    ledger.beginPhase(START, WINDOW, 1);
    // Scheduled at +100; the generator stalled and got it out at +900; its output came 10 ms later.
    long scheduled = START + 100;
    send(0, scheduled);
    ledger.driverState(0, scheduled, START + 910);

    assertThat(ledger.endPhase().pingLatency().getMaxValue()).isBetween(809L, 811L);
  }

  @Test
  void outputsOutsideThePhaseAreNotCounted() {
    ledger.beginPhase(START, WINDOW, 1);
    ledger.driverState(0, START - 5, START + 10);
    ledger.driverState(3, START + 5, START + 10);

    OutputLedger.Phase phase = ledger.endPhase();
    assertThat(phase.uniquePings()).isZero();
    assertThat(ledger.pingOutputs()).isZero();
  }

  @Test
  void aFleetOfAHundredThousandDriversIsCountedPerPingToo() {
    // 100,000 drivers × a 2-minute window is more ping numbers than an int holds
    long window = 120_000L;
    ledger.beginPhase(START, window, 100_000);
    sent.add(OutputLedger.slot(99_999, 119_000, window));
    sent.add(OutputLedger.slot(99_998, 119_000, window));
    ledger.driverState(99_999, START + 119_000, START + 119_400);

    OutputLedger.Phase phase = ledger.endPhase();
    assertThat(phase.lostPings(sent)).isEqualTo(1);
    assertThat(phase.uniquePings()).isEqualTo(1);
  }

  @Test
  void aPingIsTimedByItsFirstOutputAndItsDuplicateAddsNoLatency() {
    ledger.beginPhase(START, WINDOW, 1);
    send(0, START + 10);
    ledger.driverState(0, START + 10, START + 5_010); // a redelivery, 5 s later
    ledger.driverState(0, START + 10, START + 60); // arrived first, 50 ms after the ping

    OutputLedger.Phase phase = ledger.endPhase();
    assertThat(phase.uniquePings()).isEqualTo(1);
    assertThat(phase.duplicates()).isEqualTo(1);
    assertThat(phase.pingLatency().getTotalCount()).isEqualTo(1);
    assertThat(phase.pingLatency().getMaxValue()).isBetween(49L, 51L);
    assertThat(phase.lostPings(sent)).isZero();
  }

  @Test
  void outputsInAnyOrderAreMatchedToThePingsSent() {
    int drivers = 500;
    ledger.beginPhase(START, WINDOW, drivers);
    java.util.List<long[]> outputs = new java.util.ArrayList<>();
    for (int driver = 0; driver < drivers; driver++) {
      for (long ts = START + driver % 20; ts < START + WINDOW; ts += 997) {
        send(driver, ts);
        if ((driver + ts) % 101 != 0) { // about one in a hundred never comes back
          outputs.add(new long[] {driver, ts});
        }
      }
    }
    java.util.Collections.shuffle(outputs, new java.util.Random(3));
    outputs.addAll(java.util.List.copyOf(outputs.subList(0, 700))); // 700 come back twice
    for (long[] o : outputs) {
      ledger.driverState((int) o[0], o[1], o[1] + 100);
    }
    assertThat(ledger.pingOutputs()).isEqualTo(outputs.size()); // as they come, duplicates too

    OutputLedger.Phase phase = ledger.endPhase();
    long expectedLost = sent.size() - (outputs.size() - 700);
    assertThat(expectedLost).isPositive();
    assertThat(phase.lostPings(sent)).isEqualTo(expectedLost);
    assertThat(phase.duplicates()).isEqualTo(700);
    assertThat(phase.uniquePings()).isEqualTo(outputs.size() - 700);
  }

  private void send(int driver, long ts) {
    sent.add(OutputLedger.slot(driver, ts - START, WINDOW));
  }
}
