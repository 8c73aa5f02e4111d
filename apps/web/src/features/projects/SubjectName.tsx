import { Badge } from '../../ui/Badge.js';
import { nameWarnings, visibleName } from './names.js';

/** A subject name as text that cannot be reordered or disguised, flagged when it is unusual. */
export function SubjectName({ name }: { name: string }) {
  const warnings = nameWarnings(name);
  return (
    <>
      <bdi className="font-medium">{visibleName(name)}</bdi>
      {warnings.length > 0 && (
        <>
          {' '}
          <Badge tone="amber" title={`This name ${warnings.join('; ')}`}>
            unusual name
          </Badge>
        </>
      )}
    </>
  );
}
