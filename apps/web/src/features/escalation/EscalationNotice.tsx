import { compactRules } from '@gatehouse/policy';
import type { EscalationPrediction } from './predict.js';
import { Callout } from '../../ui/Panel.js';
import { RulesTable } from '../../rbac/RulesTable.js';

/** Tells the user, before they submit, which permissions they lack for this write. */
export function EscalationNotice({
  prediction,
  action,
}: {
  prediction: EscalationPrediction | null;
  action: string;
}) {
  if (!prediction || prediction.outcome === 'allowed') return null;
  const missing = compactRules(prediction.missing);
  if (prediction.outcome === 'unknown' && prediction.why === 'unreadable-role') {
    return (
      <Callout tone="warning" title="Gatehouse cannot check this in advance">
        <p>
          You may not read the role being granted, so Gatehouse cannot compare its rules with yours.
          The API server will refuse the change if it grants more than you hold.
        </p>
      </Callout>
    );
  }
  if (prediction.outcome === 'unknown') {
    return (
      <Callout tone="warning" title="Gatehouse cannot tell whether the API server will allow this">
        <p>
          Your permissions were reported as incomplete and do not show these rules. The API server
          will decide when you submit.
        </p>
        <RulesTable rules={missing} label="Rules not visible in your permissions" />
      </Callout>
    );
  }
  return (
    <Callout
      tone="error"
      title={`You cannot ${action}: it would grant permissions you do not hold`}
    >
      <p>
        Kubernetes only lets you grant what you already have (unless you hold the{' '}
        <code>escalate</code> or <code>bind</code> verb). You are missing{' '}
        {prediction.missing.length} permission(s):
      </p>
      <div className="mt-2 rounded bg-white dark:bg-slate-900">
        <RulesTable rules={missing} label="Permissions you are missing" />
      </div>
    </Callout>
  );
}
