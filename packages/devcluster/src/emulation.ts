// Older API servers the devcluster can stand in for (--emulate-version), in what they served for
// authentication and authorization:
// - SelfSubjectReview (KEP-3325): authentication.k8s.io/v1alpha1 in 1.26 behind the
//   APISelfSubjectReview gate, off by default (so not served); v1beta1 in 1.27; v1 from 1.28.
// - Legacy ServiceAccount token Secrets: before 1.24 the token controller created a
//   non-expiring `kubernetes.io/service-account-token` Secret for every ServiceAccount and
//   referenced it from ServiceAccount.secrets (LegacyServiceAccountTokenNoAutoGeneration, beta
//   and on from 1.24, stopped that).
// - /version reports the version (the last patch release of that minor).
import { RESOURCES, type ResourceType } from './resources.js';

export const EMULATED_VERSIONS = ['1.23', '1.26', '1.27'] as const;
export type EmulatedVersion = (typeof EMULATED_VERSIONS)[number];

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export interface Emulation {
  version: VersionInfo;
  /** The resource types served, in catalogue order. */
  resources: ResourceType[];
  find(group: string, version: string, plural: string): ResourceType | undefined;
  /** The token controller auto-creates a legacy token Secret per ServiceAccount. */
  legacyServiceAccountTokenSecrets: boolean;
}

const CURRENT: VersionInfo = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.13-devcluster',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-11-22T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const OLDER: Record<EmulatedVersion, { patch: string; goVersion: string }> = {
  '1.23': { patch: 'v1.23.17', goVersion: 'go1.19.6' },
  '1.26': { patch: 'v1.26.15', goVersion: 'go1.21.8' },
  '1.27': { patch: 'v1.27.16', goVersion: 'go1.22.5' },
};

const isSelfSubjectReview = (t: ResourceType) =>
  t.group === 'authentication.k8s.io' && t.plural === 'selfsubjectreviews';

function emulation(version: VersionInfo, resources: ResourceType[], legacy: boolean): Emulation {
  const byKey = new Map(resources.map((t) => [`${t.group}/${t.version}/${t.plural}`, t]));
  return {
    version,
    resources,
    find: (group, v, plural) => byKey.get(`${group}/${v}/${plural}`),
    legacyServiceAccountTokenSecrets: legacy,
  };
}

export function emulationFor(v: EmulatedVersion | undefined): Emulation {
  if (!v) return emulation(CURRENT, RESOURCES, false);
  const older = OLDER[v];
  const minor = Number(v.split('.')[1]);
  const version: VersionInfo = {
    ...CURRENT,
    minor: String(minor),
    gitVersion: `${older.patch}-devcluster`,
    goVersion: older.goVersion,
  };
  const resources: ResourceType[] = [];
  for (const t of RESOURCES) {
    if (!isSelfSubjectReview(t)) resources.push(t);
    else if (minor === 27) resources.push({ ...t, version: 'v1beta1' });
    else if (minor >= 28) resources.push(t);
  }
  return emulation(version, resources, minor < 24);
}
