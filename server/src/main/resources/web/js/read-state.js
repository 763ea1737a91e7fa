/**
 * How far the other members of a chat got: delivered (`message_delivered`, direct and listing
 * chats) and read (`message_read`, every chat). An own message is read once every other member
 * read it, delivered once delivered or read, else sent.
 */
export class ReadState {
  #reads = new Map();
  #deliveredSeq = 0;
  #myId;

  constructor(chat, myId) {
    this.#myId = myId;
    for (const member of chat.members) this.#reads.set(member.user_id, member.last_read_seq);
  }

  get mine() {
    return this.#reads.get(this.#myId) ?? 0;
  }

  /** Answers whether anything changed. */
  read(userId, seq) {
    if (seq <= (this.#reads.get(userId) ?? 0)) return false;
    this.#reads.set(userId, seq);
    return userId !== this.#myId;
  }

  delivered(userId, seq) {
    if (userId === this.#myId || seq <= this.#deliveredSeq) return false;
    this.#deliveredSeq = seq;
    return true;
  }

  statusOf(seq) {
    const others = [...this.#reads].filter(([userId]) => userId !== this.#myId).map(([, read]) => read);
    if (others.length && Math.min(...others) >= seq) return 'read';
    return this.#deliveredSeq >= seq || Math.max(0, ...others) >= seq ? 'delivered' : 'sent';
  }
}
