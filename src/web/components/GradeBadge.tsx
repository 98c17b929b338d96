/** @module web/components/GradeBadge — the A–F letter on its colour (data-testid grade-letter), with a text label for screen readers. */
import { gradeColours } from './grade';

export function GradeBadge({ letter, size = 'md', score }: { letter: string | null | undefined; size?: 'sm' | 'md' | 'xl'; score?: number | null }) {
  const c = gradeColours(letter);
  const title = `Grade ${letter ?? 'none'}${score === null || score === undefined ? '' : `, score ${score.toFixed(1)} of 100`}`;
  return (
    <span className={`badge badge-${size}`} data-testid="grade-letter" data-letter={letter ?? ''} role="img" aria-label={title} title={title}
      style={{ backgroundColor: c.bg, color: c.fg }}>
      {letter ?? '–'}
    </span>
  );
}
