package io.fleetstream.deploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.deploy.sql.AnalyticsSql;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SqlCommandTest {

  @Test
  void theHelpNamesEveryTableTheSessionRegisters() {
    String help = new CommandLine(new SqlCommand()).getUsageMessage().replaceAll("\\s+", " ");
    Matcher m = Pattern.compile("CREATE TABLE (\\w+)").matcher(AnalyticsSql.tablesSql());
    int tables = 0;
    while (m.find()) {
      assertThat(help).as("'sql --help'").contains(m.group(1));
      tables++;
    }
    assertThat(tables).isEqualTo(11);
  }
}
