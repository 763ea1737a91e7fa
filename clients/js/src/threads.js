/**
 * A thread's root after a `thread_updated` event (docs/protocol.md#threads). The summary only
 * grows: an event about an older reply than the one the root already counts (a change replayed
 * after the root was re-read over HTTP) leaves the root as it is, so a count never goes back.
 */
export function withThread(root, event) {
  if (event.root_seq !== root.seq) return root;
  if ((root.thread?.last_reply_seq ?? 0) > event.thread.last_reply_seq) return root;
  return { ...root, thread: event.thread };
}
