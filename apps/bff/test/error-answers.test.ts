// Error answers say what kind of failure it was, with the Kubernetes reason, and keep internals in the log.
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../src/contract.js';
import { startTestBff, tokenSignIn, type TestBff } from './support/bff.js';
import { startFleet, tempDir, type Fleet } from './support/clusters.js';

describe('error answers', () => {
  const dir = tempDir('bff-errors-');
  let fleet: Fleet;
  let bff: TestBff;

  beforeAll(async () => {
    fleet = await startFleet(dir.path, ['one']);
    // The BFF's own identity is carol, who may read nothing: the BFF's reads as itself fail.
    const dc = fleet.clusters.one!;
    const kubeconfig = `${dir.path}/carol-as-bff.yaml`;
    writeFileSync(
      kubeconfig,
      readFileSync(fleet.kubeconfig, 'utf8').replace(dc.token('gatehouse-bff'), dc.token('carol')),
    );
    bff = await startTestBff({ kubeconfig, dataDir: `${dir.path}/bff-data` });
  });
  afterAll(async () => {
    await bff?.close();
    await fleet?.stop();
    dir.remove();
  });

  it('answers malformed JSON with a fixed message, not the parser text', async () => {
    const br = bff.browser();
    await tokenSignIn(br, fleet.clusters.one!.token('bob'));
    const r = await br.send('POST', '/api/clusters/one/projects', {
      rawBody: '{"name": "x", "namespaces": [}',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.json<ApiErrorBody>().error).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: 'the request body is not valid JSON',
    });
    // The parser's own words are in the log, for whoever runs the BFF.
    expect(
      bff.logs.lines.some((l) => /Unexpected token|JSON/.test(l) && l.includes('"level":30')),
    ).toBe(true);
  });

  it('answers a failed read of the BFF with a reason and a request id, not the path and selector', async () => {
    const br = bff.browser();
    await tokenSignIn(br, fleet.clusters.one!.token('bob'));
    const r = await br.get('/api/clusters/one/projects');
    expect(r.status, r.text).toBe(502);
    const { error } = r.json<ApiErrorBody>();
    expect(error.reason).toBe('ServiceUnavailable');
    expect(error.message).toMatch(
      /^a cluster did not give the BFF an answer it could use \(request \S+; details are in the server log\)$/,
    );
    expect(error.message).not.toMatch(/\/api\/v1|labelSelector|gatehouse\.dev|carol/);
    const requestId = /request (\S+);/.exec(error.message)![1]!;
    // The log line of that request has what the client was not told.
    const logged = bff.logs
      .json()
      .find((l) => l.level === 50 && JSON.stringify(l).includes(requestId));
    expect(JSON.stringify(logged)).toMatch(/\/api\/v1\/namespaces\?labelSelector=/);
  });
});
