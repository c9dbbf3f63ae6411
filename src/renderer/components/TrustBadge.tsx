// The one trust label a credential shows, in colour and in words.
import type { Tone } from '../labels';

export function TrustBadge({ text, tone }: { text: string; tone: Tone }) {
  return (
    <span className={`trust trust-${tone}`} data-tone={tone}>
      {text}
    </span>
  );
}
