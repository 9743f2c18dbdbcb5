package io.fleetstream.bridge.internal.views;

import io.fleetstream.schemas.CloudEvent;
import io.fleetstream.schemas.Topic;
import io.fleetstream.schemas.events.AssignmentData;
import io.fleetstream.schemas.events.AuditDecisionData;
import io.fleetstream.schemas.events.DlqData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests waiting for the dispatch job's answer to a command they wrote: every decision the job
 * made because of it (assignments and decision-log records whose {@code cause_event_id} is the
 * command's id; a dry run has only the latter), or the dead letter that says why the job could not
 * apply it ({@code dlq_<command id>}). A request registers before it writes, so the answer cannot
 * arrive unseen.
 */
public final class CommandWaiters implements ViewConsumer.Listener {

  /** What the job answered to one command so far. */
  public static final class Reply {
    private final String jobId;
    private final boolean decides;
    private final List<AssignmentData> decisions = new ArrayList<>();
    private final List<AuditDecisionData> explained = new ArrayList<>();
    private final CompletableFuture<Void> answered = new CompletableFuture<>();
    private volatile DlqData rejection;

    Reply(String jobId, boolean decides) {
      this.jobId = jobId;
      this.decides = decides;
    }

    /**
     * Completes when the command was rejected, or its own job's decision-log record has been folded
     * and, for a command that decides (all but a dry run), the decision itself: the job's outputs
     * may reach Kafka in separate transactions (one per sink subtask), so seeing one does not mean
     * the other is readable yet.
     */
    public CompletableFuture<Void> answered() {
      return answered;
    }

    /** The decisions caused by the command, in the order they were read. */
    public synchronized List<AssignmentData> decisions() {
      return List.copyOf(decisions);
    }

    /** The decision about the command's own job, if there was one yet. */
    public synchronized AssignmentData decision() {
      return decisions.stream().filter(d -> jobId.equals(d.jobId())).findFirst().orElse(null);
    }

    /** The decision-log record about the command's own job (a dry run's proposal, say). */
    public synchronized AuditDecisionData explanation() {
      return explained.stream().filter(d -> jobId.equals(d.jobId())).findFirst().orElse(null);
    }

    public DlqData rejection() {
      return rejection;
    }

    private synchronized void decided(AssignmentData a) {
      decisions.add(a);
      completeIfAnswered();
    }

    private synchronized void explained(AuditDecisionData d) {
      explained.add(d);
      completeIfAnswered();
    }

    private void completeIfAnswered() {
      if (explanation() != null && (!decides || decision() != null)) {
        answered.complete(null);
      }
    }

    private void rejected(DlqData d) {
      rejection = d;
      answered.complete(null);
    }
  }

  private final Map<String, Reply> waiting = new ConcurrentHashMap<>();

  /**
   * Waits for the answer to command {@code commandId} about job {@code jobId}; {@code decides}: the
   * answer includes an assignment of the job (false for a dry run, which only explains).
   */
  public Reply register(String tenant, String commandId, String jobId, boolean decides) {
    return waiting.computeIfAbsent(tenant + "/" + commandId, k -> new Reply(jobId, decides));
  }

  public void forget(String tenant, String commandId) {
    waiting.remove(tenant + "/" + commandId);
  }

  @Override
  public void applied(Topic topic, CloudEvent event) {
    if (waiting.isEmpty()) {
      return;
    }
    if (topic == Topic.ASSIGNMENTS && event.data() instanceof AssignmentData a) {
      Reply r = waiting.get(event.tenant() + "/" + a.causeEventId());
      if (r != null) {
        r.decided(a);
      }
    } else if (topic == Topic.AUDIT && event.data() instanceof AuditDecisionData d) {
      Reply r = waiting.get(event.tenant() + "/" + d.causeEventId());
      if (r != null) {
        r.explained(d);
      }
    } else if (topic == Topic.DLQ
        && event.data() instanceof DlqData d
        && event.id().startsWith(DEAD_LETTER_PREFIX)) {
      Reply r =
          waiting.get(event.tenant() + "/" + event.id().substring(DEAD_LETTER_PREFIX.length()));
      if (r != null) {
        r.rejected(d);
      }
    }
  }

  /** The dispatch job names the dead letter of a valid event after the event's id. */
  private static final String DEAD_LETTER_PREFIX = "dlq_";
}
