package io.reclaimer.actions.approval;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.actions.approval.Approvers.SlackUser;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApproversTest {

    private final SlackUser alice = new SlackUser("U0ALICE", "alice", Set.of("S0FINOPS", "finops"));
    private final SlackUser mallory = new SlackUser("U0MAL", "mallory", Set.of("devs"));

    @Test
    void approversAreUserIdsMentionsOrGroups() {
        assertThat(Approvers.allowed(List.of("U0ALICE"), alice)).isTrue();
        assertThat(Approvers.allowed(List.of("<@U0ALICE>"), alice)).isTrue();
        assertThat(Approvers.allowed(List.of("@finops"), alice)).isTrue();
        assertThat(Approvers.allowed(List.of("<!subteam^S0FINOPS|@finops>"), alice)).isTrue();
    }

    @Test
    void aUserNameNeverMatchesAnyoneCanRenameThemselves() {
        assertThat(Approvers.allowed(List.of("@alice"), alice)).isFalse();
        // mallory renamed herself after the group's handle: not a member, refused
        SlackUser impostor = new SlackUser("U0MAL", "finops", Set.of("devs"));
        assertThat(Approvers.allowed(List.of("@finops"), impostor)).isFalse();
        assertThat(Approvers.allowed(List.of("<!subteam^S0FINOPS|@finops>"), impostor)).isFalse();
    }

    @Test
    void anyoneElseIsRefused() {
        assertThat(Approvers.allowed(List.of("@finops", "U0ALICE"), mallory)).isFalse();
        assertThat(Approvers.allowed(List.of(), alice)).isFalse();
        assertThat(Approvers.allowed(List.of("@"), new SlackUser("U1", "", Set.of()))).isFalse();
    }
}
