import { describe, expect, it } from 'vitest';
import { fleetNav } from './fleetNav.js';
import { partiallyKnown, personas } from './personas.testdata.js';
import type { Capabilities } from '../api/session.js';

const on = (id: string, capabilities: Capabilities) => ({ id, capabilities });
const labels = (entries: ReturnType<typeof fleetNav>) => entries.map((e) => e.label);

describe('the Fleet group in the sidebar', () => {
  it('is empty with one cluster, whoever signs in', () => {
    expect(fleetNav([on('dev', personas.alice)], 'dev')).toEqual([]);
  });

  it('shows a cluster admin every fleet page, each at its absolute path', () => {
    const entries = fleetNav([on('dev', personas.alice), on('staging', personas.alice)], 'dev');
    expect(entries.map((e) => [e.label, e.to, e.section, e.capability])).toEqual([
      ['Policies', '/fleet/policies', 'Fleet', 'allowed'],
      ['Projects', '/fleet/projects', 'Fleet', 'allowed'],
      ['Access', '/fleet/access', 'Fleet', 'allowed'],
    ]);
  });

  it('decides Policies on the home cluster only', () => {
    // Cluster admin on staging, nothing on the home cluster dev: no AccessPolicy list there.
    const entries = fleetNav([on('dev', personas.carol), on('staging', personas.alice)], 'dev');
    expect(labels(entries)).toEqual(['Projects', 'Access']);
    expect(entries.every((e) => e.cluster === 'staging')).toBe(true);
    // With no home cluster known yet, no Policies entry.
    expect(
      labels(fleetNav([on('dev', personas.alice), on('staging', personas.alice)], undefined)),
    ).toEqual(['Projects', 'Access']);
  });

  it('shows Projects and Access where some namespace of some cluster allows them', () => {
    // bob administers payments on the second cluster only.
    const entries = fleetNav([on('dev', personas.carol), on('staging', personas.bob)], 'dev');
    expect(labels(entries)).toEqual(['Projects', 'Access']);
    expect(fleetNav([on('dev', personas.carol), on('staging', personas.carol)], 'dev')).toEqual([]);
  });

  it('draws an entry the rules cannot decide as unknown, to be settled on the cluster that could allow it', () => {
    const entries = fleetNav([on('dev', personas.carol), on('staging', partiallyKnown)], 'dev');
    const access = entries.find((e) => e.label === 'Access');
    expect(access?.capability).toBe('allowed'); // admin of payments on staging, from complete rules there
    const onlyUnknown: Capabilities = { ...partiallyKnown, namespaces: [] };
    const unsure = fleetNav([on('dev', personas.carol), on('staging', onlyUnknown)], 'dev');
    expect(unsure.map((e) => [e.label, e.capability, e.cluster])).toEqual([
      ['Projects', 'unknown', 'staging'],
      ['Access', 'unknown', 'staging'],
    ]);
  });
});
