import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerSendTogether } from './send-together.js';

/** What happened first: the response leaving, or the end of the turn in which the handler answered. */
async function orderOfEvents(sendTogether: boolean): Promise<string[]> {
  const app = Fastify({ logger: false });
  if (sendTogether) registerSendTogether(app);
  const order: string[] = [];
  app.addHook('onResponse', async () => {
    order.push('sent');
  });
  app.get('/answer', async () => {
    setImmediate(() => order.push('turn ended'));
    return { ok: true };
  });
  app.get('/fails', async () => {
    throw new Error('boom');
  });
  const res = await app.inject({ method: 'GET', url: '/answer' });
  expect(res.json()).toEqual({ ok: true });
  const failed = await app.inject({ method: 'GET', url: '/fails' });
  expect(failed.statusCode).toBe(500);
  await new Promise((resolve) => setImmediate(resolve));
  await app.close();
  return order;
}

describe('responses sent together', () => {
  it('holds a ready response until the end of the event-loop turn, and still sends errors', async () => {
    // Without it the response leaves before the turn ends: the test tells the two apart.
    expect((await orderOfEvents(false)).slice(0, 2)).toEqual(['sent', 'sent']);
    expect(await orderOfEvents(true)).toEqual(['turn ended', 'sent', 'sent']);
  });

  it('answers every one of many requests arriving at once over real sockets, each with its own body', async () => {
    const app = Fastify({ logger: false });
    registerSendTogether(app);
    app.get<{ Params: { n: string } }>('/echo/:n', async (req) => ({ n: Number(req.params.n) }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
    const get = (n: number) =>
      new Promise<number>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: `/echo/${n}`, agent }, (res) => {
            let body = '';
            res.on('data', (chunk) => {
              body += chunk;
            });
            res.on('end', () => resolve((JSON.parse(body) as { n: number }).n));
          })
          .on('error', reject);
      });
    const numbers = Array.from({ length: 200 }, (_, i) => i);
    expect(await Promise.all(numbers.map(get))).toEqual(numbers);
    agent.destroy();
    await app.close();
  });
});
