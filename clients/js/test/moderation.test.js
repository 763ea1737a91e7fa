import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from './support/await.js';
import { NodeProcess } from './support/node-process.js';
import { call, clientFor, newUser } from './support/scenario.js';

describe('group moderation against a server', { timeout: 120_000 }, () => {
  let node;
  before(async () => {
    node = await NodeProcess.start();
  });
  after(() => node?.close());

  it('an owner promotes, mutes, sets slow mode and bans; the member hears of each and is refused with the code', async () => {
    const [owner, member] = [await newUser(node.url), await newUser(node.url)];
    const chatId = (await call(node.url, 'POST', '/api/v1/chats', owner.token, { kind: 'group', title: 'Club', member_ids: [member.id] })).chat.id;
    const ownerClient = clientFor(node.url, owner);
    const memberClient = clientFor(node.url, member);
    const heard = [];
    memberClient.on('member_muted', (event) => heard.push(event));
    memberClient.on('chat_updated', (event) => heard.push(event));
    await memberClient.connect();

    const promoted = await ownerClient.api.setRole(chatId, member.id, 'admin');
    assert.equal(promoted.members.find((m) => m.user_id === member.id).role, 'admin');
    await ownerClient.api.setRole(chatId, member.id, 'member');
    const until = new Date(Date.now() + 3_600_000);
    const mute = await ownerClient.api.mute(chatId, member.id, { until });
    assert.equal(mute.until, until.toISOString());
    await waitFor('member_muted', () => heard.some((e) => e.type === 'member_muted' && e.muted));
    await assert.rejects(memberClient.send(chatId, 'hello?').stored, (error) => error.code === 'muted');
    await ownerClient.api.unmute(chatId, member.id);

    const slowed = await ownerClient.api.setSlowMode(chatId, 30);
    assert.equal(slowed.slow_mode_seconds, 30);
    await memberClient.send(chatId, 'one').stored;
    await assert.rejects(memberClient.send(chatId, 'two').stored,
      (error) => error.code === 'slow_mode' && error.retryAfter > 0 && error.retryAfter <= 30);

    const [message] = (await ownerClient.api.messagesAfter(chatId, 0, 10)).messages;
    const report = await ownerClient.api.report(chatId, message.seq, 'spam', { comment: 'ads' });
    assert.deepEqual([report.reason, report.status, report.body], ['spam', 'open', 'one']);
    assert.equal((await ownerClient.api.report(chatId, message.seq, 'other')).id, report.id, 'a repeat answers the first report');

    const ban = await ownerClient.api.ban(chatId, member.id);
    assert.equal(ban.until, null);
    await waitFor('the ban reaches the member', () => heard.some((e) => e.type === 'chat_updated'
      && !e.chat.members.some((m) => m.user_id === member.id)));
    await assert.rejects(ownerClient.api.addMember(chatId, member.id), (error) => error.code === 'banned');
    await ownerClient.api.unban(chatId, member.id);
    await ownerClient.api.addMember(chatId, member.id);
    await Promise.all([ownerClient.close(), memberClient.close()]);
  });
});
