package io.vestnik.store;

import static io.vestnik.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vestnik.domain.User;
import io.vestnik.store.UserBlockStore.Relations;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** User-to-user blocks, and user search, which never shows a user who blocks the searcher. */
public interface UserBlockContract extends StoreFixture {

    @Test
    default void a_block_is_seen_from_both_sides_and_is_idempotent() {
        User ann = user();
        User bob = user();
        assertThat(storage().userBlocks().block(ann.id(), bob.id(), T0)).isTrue();
        assertThat(storage().userBlocks().block(ann.id(), bob.id(), T0.plusSeconds(1))).isFalse();
        assertThat(storage().userBlocks().relations(ann.id())).isEqualTo(new Relations(Set.of(bob.id()), Set.of()));
        assertThat(storage().userBlocks().relations(bob.id())).isEqualTo(new Relations(Set.of(), Set.of(ann.id())));
        assertThat(storage().userBlocks().eitherBlocks(bob.id(), ann.id())).isTrue();
        assertThat(storage().userBlocks().blocksOf(ann.id())).containsExactly(new UserBlockStore.Block(bob.id(), T0));
    }

    @Test
    default void unblocking_lifts_the_block_once() {
        User ann = user();
        User bob = user();
        storage().userBlocks().block(ann.id(), bob.id(), T0);
        assertThat(storage().userBlocks().unblock(ann.id(), bob.id())).isTrue();
        assertThat(storage().userBlocks().unblock(ann.id(), bob.id())).isFalse();
        assertThat(storage().userBlocks().relations(ann.id())).isEqualTo(Relations.NONE);
        assertThat(storage().userBlocks().eitherBlocks(ann.id(), bob.id())).isFalse();
    }

    @Test
    default void lists_blocks_most_recent_first() {
        User ann = user();
        User bob = user();
        User cid = user();
        storage().userBlocks().block(ann.id(), bob.id(), T0);
        storage().userBlocks().block(ann.id(), cid.id(), T0.plusSeconds(5));
        assertThat(storage().userBlocks().blocksOf(ann.id())).extracting(UserBlockStore.Block::userId)
                .containsExactly(cid.id(), bob.id());
    }

    @Test
    default void search_finds_name_prefixes_but_never_the_searcher_nor_who_blocks_them() {
        String tag = StoreFixture.unique("zq").toLowerCase();
        User me = named(tag + " me");
        User ann = named(tag.toUpperCase() + " Ann");
        User bob = named(tag + " Bob");
        User blocker = named(tag + " Blocker");
        named("other " + tag);
        storage().userBlocks().block(blocker.id(), me.id(), T0);
        storage().userBlocks().block(me.id(), bob.id(), T0); // blocking someone does not hide them from your search
        assertThat(storage().users().search(me.id(), tag, 0, 10)).extracting(User::id).containsExactly(ann.id(), bob.id());
    }

    @Test
    default void search_pages_by_id_and_treats_like_wildcards_as_text() {
        String tag = StoreFixture.unique("zp").toLowerCase();
        User me = user();
        User first = named(tag + " one");
        User second = named(tag + " two");
        named(tag.substring(0, 3) + "x");
        assertThat(storage().users().search(me.id(), tag, 0, 1)).extracting(User::id).containsExactly(first.id());
        assertThat(storage().users().search(me.id(), tag, first.id(), 1)).extracting(User::id).containsExactly(second.id());
        assertThat(storage().users().search(me.id(), tag.substring(0, 2) + "%", 0, 10)).isEmpty();
        assertThat(storage().users().search(me.id(), tag.substring(0, 2) + "_", 0, 10)).isEmpty();
    }

    private User named(String displayName) {
        return storage().users().create(StoreFixture.unique("u-"), displayName, "hash", T0).orElseThrow();
    }
}
