package io.fleetstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstream.schemas.json.EventValidator;
import io.fleetstream.schemas.json.Validation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every event example in docs/topics.md is valid on the topic it is shown for. */
class DocsExamplesTest {

  private static final Path TOPICS_MD = Path.of("..", "docs", "topics.md");
  private static final Pattern EXAMPLE =
      Pattern.compile("<!-- example: (\\S+) -->\\s*```json\\n(.*?)\\n```", Pattern.DOTALL);

  record Example(String topic, String json) {
    @Override
    public String toString() {
      return topic + " " + json.substring(0, Math.min(80, json.length())).replaceAll("\\s+", " ");
    }
  }

  static Stream<Example> examples() throws IOException {
    Matcher m = EXAMPLE.matcher(Files.readString(TOPICS_MD));
    List<Example> found = new ArrayList<>();
    while (m.find()) {
      found.add(new Example(m.group(1), m.group(2)));
    }
    return found.stream();
  }

  @Test
  void theTopicsPageShowsAnExampleForEveryTopicWithEventTypes() throws IOException {
    List<String> shown = examples().map(Example::topic).distinct().toList();
    List<String> withTypes =
        java.util.Arrays.stream(EventType.values())
            .map(t -> t.topic().topicName())
            .distinct()
            .toList();

    assertThat(shown).containsExactlyInAnyOrderElementsOf(withTypes);
  }

  @ParameterizedTest
  @MethodSource("examples")
  void exampleIsValidOnItsTopic(Example example) {
    Topic topic =
        Topic.byName(example.topic())
            .orElseThrow(() -> new AssertionError("no topic " + example.topic()));

    Validation result =
        EventValidator.create().validate(topic, example.json().getBytes(StandardCharsets.UTF_8));

    assertThat(result).as(example.toString()).isInstanceOf(Validation.Valid.class);
  }
}
