// "Can joe …?" with the groups Gatehouse saw at joe's last sign-in: recorded at demo and token
// sign-in, offered (not silently used) to check, matrix and subject view, with system:authenticated
// always added for a User as the API server adds it, and named beside groups in who-can, against a
// real devcluster over HTTPS.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  AccessCheckResponse,
  AccessMatrixResponse,
  ImpactResponse,
  SubjectViewResponse,
  WhoCanResponse,
} from '../src/analysis/contract.js';
import { maySeeSignIns } from '../src/analysis/groups.js';
import type { Session } from '../src/session/sessions.js';
import { demoSignIn, embeddedBffForSuite, tokenSignIn } from './support/bff.js';
import type { Browser } from './support/browser.js';

const api = '/api/clusters/dev/access';
const createDeployments = 'verb=create&apiGroup=apps&resource=deployments&namespace=deliveries';

describe('sign-in groups in access analysis', () => {
  const suite = embeddedBffForSuite('bff-sign-in-groups-', {
    logLevel: 'warn',
    auth: ['demo', 'token'],
  });
  let alice: Browser;

  beforeAll(async () => {
    alice = suite.bff.browser();
    await demoSignIn(alice, 'alice');
  });

  const get = async <T>(path: string): Promise<T> => {
    const r = await alice.get(path);
    expect(r.status, r.text).toBe(200);
    return r.json<T>();
  };
  const checkJoe = (extra = '') =>
    get<AccessCheckResponse>(
      `${api}/check?subjectKind=User&subjectName=joe&${createDeployments}${extra}`,
    );

  it('before joe signs in: Denied, groups unknown, system:authenticated included, devel a candidate', async () => {
    const r = await checkJoe();
    expect(r.user).toEqual({ name: 'joe', groups: ['system:authenticated'] });
    expect(r.policy.allowed).toBe(false);
    // The API server's SubjectAccessReview was asked with the same identity and agrees.
    expect(r.agree).toBe(true);
    expect(r.groupSources).toEqual({
      typed: [],
      implied: ['system:authenticated'],
      signIn: { status: 'none' },
      // Groups bound to a role that allows it: joe may or may not be in them.
      candidates: expect.arrayContaining(['devel']),
      known: false,
    });
    // Asking for sign-in groups that were never recorded changes nothing.
    const asked = await checkJoe('&signInGroups=true');
    expect(asked.user.groups).toEqual(['system:authenticated']);
    expect(asked.groupSources?.known).toBe(false);
  });

  it('records the groups of a demo sign-in and offers them; used when asked, the API server agreeing', async () => {
    const joe = suite.bff.browser();
    const before = Date.now();
    await demoSignIn(joe, 'joe');

    const offered = await checkJoe();
    expect(offered.policy.allowed).toBe(false);
    expect(offered.groupSources?.known).toBe(false);
    const seen = offered.groupSources?.signIn;
    expect(seen).toMatchObject({
      status: 'seen',
      used: false,
      otherCluster: false,
      authMode: 'demo',
      cluster: 'dev',
      groups: ['devel', 'system:authenticated'],
    });
    expect(seen?.status === 'seen' && Date.parse(seen.at)).toBeGreaterThanOrEqual(
      Math.floor(before / 1000) * 1000,
    );

    const used = await checkJoe('&signInGroups=true');
    expect(used.user).toEqual({ name: 'joe', groups: ['devel', 'system:authenticated'] });
    expect(used.policy.allowed).toBe(true);
    expect(used.policy.matches[0]).toMatchObject({
      bindingName: 'gatehouse:deliveries:developer',
      subject: { kind: 'Group', name: 'devel' },
    });
    expect(used.apiServer).toMatchObject({ answered: true, allowed: true });
    expect(used.agree).toBe(true);
    expect(used.groupSources).toMatchObject({
      typed: [],
      implied: [],
      signIn: { status: 'seen', used: true },
      known: true,
    });
    // The record is a file in the data dir, named by a hash, not by the user name.
    const files = readdirSync(join(suite.dataDir, 'sign-ins'));
    expect(files.some((f) => f.includes('joe'))).toBe(false);
    expect(files.length).toBeGreaterThan(0);
  });

  it('typed groups count as known and take system:authenticated with them', async () => {
    const r = await checkJoe('&groups=devel');
    expect(r.user.groups).toEqual(['devel', 'system:authenticated']);
    expect(r.policy.allowed).toBe(true);
    expect(r.groupSources).toMatchObject({ typed: ['devel'], known: true });
  });

  it('matrix and subject view take the same groups', async () => {
    const matrix = (extra: string) =>
      get<AccessMatrixResponse>(`${api}/matrix?subjectKind=User&subjectName=joe${extra}`);
    const without = await matrix('');
    expect(without.namespaced.deliveries).toBeUndefined();
    expect(without.groupSources).toMatchObject({ known: false, signIn: { status: 'seen' } });
    expect(without.groupSources?.candidates).toContain('devel');
    const withGroups = await matrix('&signInGroups=true');
    expect(withGroups.user.groups).toEqual(['devel', 'system:authenticated']);
    expect(withGroups.namespaced.deliveries).toBeDefined();

    const subject = (extra: string) =>
      get<SubjectViewResponse>(`${api}/subject?subjectKind=User&subjectName=joe${extra}`);
    const bare = await subject('');
    expect(bare.bindings.map((b) => b.name)).not.toContain('gatehouse:deliveries:developer');
    expect(bare.groupSources?.known).toBe(false);
    const full = await subject('&signInGroups=true');
    expect(full.bindings.map((b) => b.name)).toContain('gatehouse:deliveries:developer');
    expect(full.groupSources?.signIn).toMatchObject({ status: 'seen', used: true });
  });

  it('a token sign-in replaces the record, with the cluster that reviewed the token', async () => {
    const dc = suite.bff.bff.context.clusters.embedded!;
    const bob = suite.bff.browser();
    await tokenSignIn(bob, dc.token('bob'));
    const r = await get<AccessCheckResponse>(
      `${api}/check?subjectKind=User&subjectName=bob&verb=get&resource=pods&namespace=deliveries&signInGroups=true`,
    );
    expect(r.groupSources?.signIn).toMatchObject({
      status: 'seen',
      authMode: 'token',
      cluster: 'dev',
      groups: expect.arrayContaining(['devel', 'qa']),
    });
    expect(r.user.groups).toEqual(expect.arrayContaining(['devel', 'qa', 'system:authenticated']));
    expect(r.policy.allowed).toBe(true);
    // Signed in again with demo: the last sign-in wins.
    await demoSignIn(bob, 'bob');
    const again = await get<AccessCheckResponse>(
      `${api}/check?subjectKind=User&subjectName=bob&verb=get&resource=pods&namespace=deliveries`,
    );
    expect(again.groupSources?.signIn).toMatchObject({ status: 'seen', authMode: 'demo' });
  });

  it('who-can names, beside each Group, the people whose last sign-in carried it', async () => {
    const r = await get<WhoCanResponse>(`${api}/who-can?${createDeployments}`);
    expect(r.namespaced.map((m) => `${m.kind}:${m.name}`)).toContain('Group:devel');
    // alice, joe and bob signed in above, each with devel.
    expect(r.signedInMembers?.devel).toEqual({ users: ['alice', 'bob', 'joe'], total: 3 });
    expect(r.signedInMembers?.['system:masters']).toBeUndefined();
  });

  it('impact names, beside each Group that gains or loses, the people seen in it at sign-in', async () => {
    const r = await alice.post(`${api}/impact`, {
      operation: 'delete',
      object: {
        kind: 'RoleBinding',
        metadata: { name: 'gatehouse:deliveries:developer', namespace: 'deliveries' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
        subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devel' }],
      },
    });
    expect(r.status, r.text).toBe(200);
    const impact = r.json<ImpactResponse>();
    expect(impact.subjects.map((s) => `${s.subject.kind}:${s.subject.name}`)).toEqual([
      'Group:devel',
    ]);
    expect(impact.signedInMembers?.devel?.users).toEqual(['alice', 'bob', 'joe']);
  });

  it('recorded groups are for the person themself and those who may list ClusterRoleBindings', async () => {
    const carol = suite.bff.browser();
    await demoSignIn(carol, 'carol');
    const ctx = suite.bff.bff.context;
    const sealed = await ctx.sessions.open(carol.cookies().get('gatehouse')!, 'session');
    const session = sealed as unknown as Session;
    expect(session.user.name).toBe('carol');
    const dev = ctx.clusters.get('dev')!;
    // carol may list no ClusterRoleBindings: not joe's record, but her own.
    expect(await maySeeSignIns(dev, session, 'joe')).toBe(false);
    expect(await maySeeSignIns(dev, session, 'carol')).toBe(true);
    // And the analysis itself refuses her before any record is read.
    const r = await carol.get(`${api}/check?subjectKind=User&subjectName=joe&${createDeployments}`);
    expect(r.status).toBe(403);
  });

  it('groups and ServiceAccounts carry no group sources', async () => {
    const r = await get<AccessCheckResponse>(
      `${api}/check?subjectKind=Group&subjectName=devel&${createDeployments}`,
    );
    expect(r.user).toEqual({ name: '', groups: ['devel'] });
    expect(r.groupSources).toBeUndefined();
    expect(r.policy.allowed).toBe(true);
  });
});
