package io.vestnik.chat;

import io.vestnik.domain.Message;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Problem;
import java.util.List;

/**
 * One page of a history ordered by seq (a chat's, a thread's): backwards from {@code before_seq}
 * (the newest when neither is given) or forwards from {@code after_seq}, ascending either way,
 * with whether more lie beyond it in the paging direction.
 */
final class SeqPages {
    private SeqPages() {}

    /** Up to {@code limit} messages beyond {@code seq} in one direction, ascending. */
    interface Fetch {
        List<Message> apply(long seq, int limit);
    }

    record Page(List<Message> messages, boolean hasMore) {}

    static Page of(Long beforeSeq, Long afterSeq, int limit, Fetch before, Fetch after) {
        if (beforeSeq != null && afterSeq != null) {
            throw Problem.invalid("Give either 'before_seq' or 'after_seq', not both.");
        }
        if (beforeSeq != null) Check.nonNegative(beforeSeq, "before_seq");
        if (afterSeq != null) Check.nonNegative(afterSeq, "after_seq");
        List<Message> page = afterSeq != null
                ? after.apply(afterSeq, limit + 1)
                : before.apply(beforeSeq == null ? Long.MAX_VALUE : beforeSeq, limit + 1);
        boolean more = page.size() > limit;
        if (more) page = afterSeq != null ? page.subList(0, limit) : page.subList(1, page.size());
        return new Page(page, more);
    }
}
