import { Badge, type BadgeTone } from '../../ui/Badge.js';
import type { Finding } from './api.js';

export const severityTone: Record<Finding['severity'], BadgeTone> = {
  critical: 'red',
  high: 'amber',
  medium: 'purple',
  low: 'neutral',
};

export function SeverityBadge({ severity }: { severity: Finding['severity'] }) {
  return <Badge tone={severityTone[severity]}>{severity}</Badge>;
}
