/** Display names by user id, fetched once each (GET /users/{id}) and shared by every view. */
export class Users {
  #known = new Map();
  #api;

  constructor(api) {
    this.#api = api;
  }

  remember(user) {
    this.#known.set(user.id, Promise.resolve(user));
  }

  get(userId) {
    if (!this.#known.has(userId)) {
      const fetched = this.#api.user(userId).catch(() => ({ id: userId, display_name: `User ${userId}`, username: '' }));
      this.#known.set(userId, fetched);
    }
    return this.#known.get(userId);
  }

  async nameOf(userId) {
    const user = await this.get(userId);
    return user.display_name || user.username;
  }
}
