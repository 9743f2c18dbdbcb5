package io.fleetstream.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

class StackOptionsTest {

  @CommandLine.Command(name = "probe")
  static final class Probe {
    @Mixin StackOptions options;
  }

  @Test
  void theRehearsalLastsAtMostNinetySecondsUnlessToldOtherwise() {
    // At most: it ends sooner once the job is warm (RehearsalTest).
    assertThat(parse().rehearsal).isEqualTo(Duration.ofSeconds(90));
    assertThat(parse("--rehearsal", "5s").rehearsal).isEqualTo(Duration.ofSeconds(5));
    assertThat(parse("--rehearsal", "off").rehearsal).isZero();
  }

  @Test
  void aRehearsalThatIsNoDurationIsRefusedNamingTheOption() {
    CommandLine cli = new CommandLine(new Probe());

    assertThat(catchThrowable(() -> cli.parseArgs("--rehearsal", "soon")))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--rehearsal")
        .hasMessageContaining("'soon' is not a duration");
  }

  private static StackOptions parse(String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    return probe.options;
  }
}
