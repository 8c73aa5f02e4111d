import { Button } from '../../ui/Button.js';
import { Callout } from '../../ui/Panel.js';
import type { GroupSources, SignedInMembers } from './api.js';

const AUTHENTICATED = 'system:authenticated';

function list(groups: readonly string[]): string {
  return groups.join(', ');
}

function SignInLine({ name, sources }: { name: string; sources: GroupSources }) {
  const s = sources.signIn;
  if (s.status === 'hidden')
    return (
      <p>
        Groups seen at sign-in are shown only to people who may list ClusterRoleBindings; type the
        groups their identity provider gives {name}.
      </p>
    );
  if (s.status === 'none')
    return (
      <p>
        Kubernetes does not know a user’s groups, and {name} has not signed in to Gatehouse yet.
        Type the groups their identity provider gives them.
      </p>
    );
  const groups = s.groups.filter((g) => g !== AUTHENTICATED);
  return (
    <p>
      {name} signed in on <time dateTime={s.at}>{new Date(s.at).toLocaleString()}</time> (
      {s.authMode === 'oidc' ? `OIDC${s.issuer ? `, ${s.issuer}` : ''}` : `${s.authMode} sign-in`}
      {s.cluster ? `, cluster ${s.cluster}` : ''}) with{' '}
      {groups.length ? (
        <>
          groups <span className="font-mono">{list(groups)}</span>
        </>
      ) : (
        'no groups besides system:authenticated'
      )}
      .{s.otherCluster && ' Those groups came from another cluster’s authenticator.'}
    </p>
  );
}

/**
 * Where the groups of an analysed User came from, and a loud warning when none are known: the answer
 * may then miss access through groups. Offers the groups seen at their last sign-in in one click.
 */
export function GroupSourcesNotice({
  name,
  sources,
  onInclude,
}: {
  name: string;
  sources: GroupSources | undefined;
  onInclude: () => void;
}) {
  if (!sources) return null;
  const { signIn, candidates } = sources;
  if (!sources.known)
    return (
      <Callout tone="warning" title="Groups unknown: results may miss group access">
        <div className="space-y-2">
          <SignInLine name={name} sources={sources} />
          {candidates.length > 0 && (
            <p>
              Groups bound here that {name} may belong to (not known to be):{' '}
              <span className="font-mono">{list(candidates)}</span>.
            </p>
          )}
          {signIn.status === 'seen' && (
            <Button variant="primary" onClick={onInclude}>
              Include groups from {name}’s last sign-in
            </Button>
          )}
        </div>
      </Callout>
    );
  return (
    <p
      className="text-xs text-slate-600 dark:text-slate-400"
      aria-label="Where the groups come from"
    >
      Groups:{' '}
      {sources.typed.length > 0 && (
        <>
          typed <span className="font-mono">{list(sources.typed)}</span>;{' '}
        </>
      )}
      {signIn.status === 'seen' && signIn.used && (
        <>
          from {name}’s sign-in on{' '}
          <time dateTime={signIn.at}>{new Date(signIn.at).toLocaleString()}</time>{' '}
          <span className="font-mono">{list(signIn.groups)}</span>;{' '}
        </>
      )}
      {sources.implied.length > 0 && (
        <>
          <span className="font-mono">{list(sources.implied)}</span> added, as the API server adds
          it for everyone signed in.
        </>
      )}
    </p>
  );
}

/** People whose last sign-in carried a group: seen, not a membership list from the identity provider. */
export function SeenMembers({
  group,
  members,
}: {
  group: string;
  members: SignedInMembers | undefined;
}) {
  const m = members?.[group];
  if (!m) return null;
  return (
    <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
      Seen in this group at their last sign-in: {m.users.join(', ')}
      {m.total > m.users.length ? ` and ${m.total - m.users.length} more` : ''}
    </p>
  );
}
