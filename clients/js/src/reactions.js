/**
 * A message's reactions after a `reaction` event (docs/protocol.md#reactions). The event carries
 * the counts every member shares, without `mine`: whether a reaction is the user's own is kept
 * from what the client had, and changed only by the user's own reactions (`user_id === userId`).
 */
export function withReaction(message, event, userId) {
  const mine = new Map((message.reactions ?? []).map((reaction) => [reaction.emoji, reaction.mine === true]));
  if (event.user_id === userId) mine.set(event.emoji, event.added);
  const reactions = event.reactions.map(({ emoji, count }) => ({ emoji, count, mine: mine.get(emoji) ?? false }));
  return { ...message, reactions };
}
