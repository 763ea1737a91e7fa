/** Times and days as the reader's locale writes them. */
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

export function timeOf(iso) {
  return TIME.format(new Date(iso));
}

/** A calendar day in local time, as a key ("2026-11-22") and as words. */
export function dayKey(iso) {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth() + 1}-${date.getDate()}`;
}

export function dayLabel(iso) {
  const key = dayKey(iso);
  if (key === dayKey(new Date().toISOString())) return 'Today';
  if (key === dayKey(new Date(Date.now() - 86_400_000).toISOString())) return 'Yesterday';
  return DAY.format(new Date(iso));
}

export function sizeOf(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A one-line preview of a message for the chat list and reply bars. */
export function previewOf(message) {
  if (!message) return 'No messages yet';
  if (message.deleted) return 'Message deleted';
  if (message.body) return message.body.split('\n')[0];
  if (message.attachments?.length) return `Attachment: ${message.attachments[0].name}`;
  return message.forwarded_from ? 'Forwarded message' : '';
}
