// Keep-alive as kube-apiserver does it (Go net/http, IdleTimeout 90 s, no Keep-Alive hint), and the
// faults that close connections early for the BFF's resilience tests.
import { Agent, request } from 'node:https';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from './helpers.js';

describe('idle keep-alive connections', () => {
  let tc: TestCluster;
  beforeAll(async () => {
    tc = await startTestCluster({ seed: 'demo' });
  });
  afterAll(() => tc.stop());

  /** One GET on a kept-alive agent; resolves with the response headers and the socket it used. */
  function get(
    agent: Agent,
  ): Promise<{ status: number; keepAlive?: string | string[]; socket: Socket }> {
    return new Promise((resolve, reject) => {
      const req = request(`${tc.cluster.url}/version`, {
        agent,
        ca: tc.cluster.caPem,
        headers: { authorization: `Bearer ${tc.cluster.token('alice')}` },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            keepAlive: res.headers['keep-alive'],
            socket: req.socket as Socket,
          }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('are kept with no Keep-Alive timeout hint, as kube-apiserver keeps them', async () => {
    const agent = new Agent({ keepAlive: true, ca: tc.cluster.caPem });
    try {
      const first = await get(agent);
      expect(first.status).toBe(200);
      expect(first.keepAlive).toBeUndefined();
      await new Promise((r) => setTimeout(r, 200));
      const second = await get(agent);
      expect(second.socket).toBe(first.socket);
    } finally {
      agent.destroy();
    }
  });

  it('are closed by the server after closeIdleAfterMs', async () => {
    tc.cluster.setFaults({ closeIdleAfterMs: 50 });
    const agent = new Agent({ keepAlive: true, ca: tc.cluster.caPem });
    try {
      const { socket } = await get(agent);
      const closed = new Promise<void>((r) => socket.once('close', () => r()));
      await closed;
      expect(socket.destroyed).toBe(true);
    } finally {
      tc.cluster.setFaults({});
      agent.destroy();
    }
  });

  it('are dropped unanswered when reused, with dropReusedConnections', async () => {
    const agent = new Agent({ keepAlive: true, ca: tc.cluster.caPem });
    try {
      expect((await get(agent)).status).toBe(200);
      tc.cluster.setFaults({ dropReusedConnections: true });
      await expect(get(agent)).rejects.toMatchObject({ code: 'ECONNRESET' });
      // A new connection is served.
      expect((await get(agent)).status).toBe(200);
    } finally {
      tc.cluster.setFaults({});
      agent.destroy();
    }
  });
});
