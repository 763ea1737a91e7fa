import { eventually } from './chat-page.js';

/** Alice and Bob (pages with their chat open) each send `count` messages; both end up seeing `expected + these`, once, in order. */
export async function talkBothWays(alice, bob, expected, label) {
  const lines = [];
  for (let i = 0; i < 2; i++) {
    for (const [speaker, name] of [[alice, 'Alice'], [bob, 'Bob']]) {
      const line = `${label} ${name} ${i}`;
      await speaker.send(line);
      lines.push(line);
      await eventually(`"${line}" on both pages`, async () => [(await alice.bodies()).at(-1), (await bob.bodies()).at(-1)], [line, line]);
    }
  }
  const all = [...expected, ...lines];
  await eventually(`${label}: every message once, in order, for Alice`, () => alice.bodies(), all);
  await eventually(`${label}: every message once, in order, for Bob`, () => bob.bodies(), all);
  return all;
}
