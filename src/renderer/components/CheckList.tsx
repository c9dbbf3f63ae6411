// A verification report's checks, each with its status in the trust labels' words and its message (imported text, shown inert).
import type { Check } from '../../core/verification';
import { checkLabel, formatDateTime } from '../labels';
import { plain } from '../text';
import { TrustBadge } from './TrustBadge';

export function CheckList({
  checks,
  label = 'Checks',
  checkedAt,
}: {
  checks: Check[];
  label?: string;
  /** When the checks ran, shown beside each one (a stored report's time). */
  checkedAt?: string;
}) {
  if (checks.length === 0) return <p className="muted">No checks were run.</p>;
  return (
    <ul className="checks" aria-label={label}>
      {checks.map((c, i) => {
        const cl = checkLabel(c.status);
        return (
          <li key={`${c.id}-${i}`} className="check">
            <TrustBadge text={cl.text} tone={cl.tone} />
            <span className="check-head">
              <span className="check-id">{plain(c.id, 100)}</span>
              {checkedAt && (
                <time className="check-time" dateTime={checkedAt}>
                  {formatDateTime(checkedAt)}
                </time>
              )}
            </span>
            <span className="check-message" dir="auto">
              {plain(c.message, 2000)}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
