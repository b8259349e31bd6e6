import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { connectRedis } from '../../src/server/cluster/redis.js';
import { eventually } from '../support/subscriptions.js';
import { openTcpProxy } from '../support/tcpProxy.js';
import { REDIS_URL, testRedis } from './support.js';

it('a silent broker: the watchdog calls it down within seconds, fails what waited on it and what comes next at once, and once it answers the connection is back with its subscriptions', async () => {
  await using proxy = await openTcpProxy(REDIS_URL, 6379);
  const seen: string[] = [];
  const events = (name: string) => ({ onDown: (error: Error) => seen.push(`${name} down: ${error.message}`), onUp: () => seen.push(`${name} up`) });
  const commands = await connectRedis(proxy.url, 'watchdog-test', events('commands'));
  const subscriber = await connectRedis(proxy.url, 'watchdog-test-sub', events('subscriber'));
  const own = await testRedis();
  const channel = `shopwire-test:${randomUUID().slice(0, 8)}:channel`;
  const messages: string[] = [];
  await subscriber.subscribe(channel, (message) => messages.push(message));
  try {
    proxy.blackhole();
    // Written, then no reply and no error: without the watchdog this waits until TCP gives up.
    const waiting = commands.get('shopwire-test:any').then(
      () => 'answered',
      () => 'failed',
    );
    expect(await waiting).toBe('failed');
    await eventually(() => seen.length === 2, 10_000);
    expect(seen.toSorted()).toEqual([
      'commands down: the broker did not answer a PING within 3000 ms',
      'subscriber down: the broker did not answer a PING within 3000 ms',
    ]);
    // Its reconnection is not answered either: new commands fail at once rather than queue.
    await expect(commands.get('shopwire-test:any')).rejects.toThrow(/offline/i);

    proxy.heal();
    await eventually(() => commands.isReady && subscriber.isReady, 10_000);
    expect(seen.filter((line) => line.endsWith(' up')).toSorted()).toEqual(['commands up', 'subscriber up']);
    expect(await commands.ping()).toBe('PONG');
    await eventually(async () => {
      await own.publish(channel, 'after');
      return messages.includes('after');
    }, 10_000);
  } finally {
    for (const client of [commands, subscriber, own]) client.destroy();
  }
});
