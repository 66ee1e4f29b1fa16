import { useState } from 'react';
import type { Alignment } from '../core/series/alignment.ts';
import { describeMatch, proposeAlignmentFor } from '../core/series/propose.ts';
import { useWorkbench } from '../state/store.ts';
import { reviewLabels } from './use-reviewed-results.ts';

const SOURCE_TEXT = {
  none: 'not aligned: both start at 0 s',
  clocks: 'from the clock times of both files',
  manual: 'set by hand',
  proposed: 'proposed from the current and the rate of area change, accepted by you',
} as const;

/**
 * Movie ↔ log time alignment: automatic from clocks, typed by hand, or proposed from the data
 * (`core/series/propose.ts`) with its uncertainty. A proposal is shown for the user to accept,
 * never applied by itself; "no reliable proposal" says why.
 */
export function AlignmentPanel() {
  const movie = useWorkbench((s) => s.movie);
  const log = useWorkbench((s) => s.log);
  const alignment = useWorkbench((s) => s.alignment);
  const setAlignment = useWorkbench((s) => s.setAlignment);
  const choice = useWorkbench((s) => s.channelChoice);
  const [message, setMessage] = useState('');
  const [pending, setPending] = useState<Alignment | null>(null);
  if (!movie || !log) return null;

  const propose = () => {
    const { results, corrections } = useWorkbench.getState();
    const channel = (id: string | undefined) => log.series.channels.find((c) => c.id === id);
    const outcome = proposeAlignmentFor(
      movie.info,
      results,
      reviewLabels(results, corrections),
      log.series,
      channel(choice.voltage),
      channel(choice.current),
    );
    setPending(outcome.ok ? outcome.alignment : null);
    setMessage(outcome.ok ? `Proposed: ${describeMatch(outcome.match)}.` : outcome.reason);
  };

  const dismiss = () => {
    setPending(null);
    setMessage('');
  };
  const accept = () => {
    if (pending) setAlignment(pending);
    dismiss();
  };

  return (
    <section className="panel alignment" aria-label="Time alignment">
      <h2>Time alignment</h2>
      <p className="hint" data-testid="alignment-source">
        Log time = movie time + offset ({SOURCE_TEXT[alignment.source]})
      </p>
      <div className="row">
        <label>
          Offset (s)
          <input
            type="number"
            step={0.1}
            value={Number(alignment.offsetS.toFixed(3))}
            aria-label="Log offset in seconds"
            onChange={(e) => {
              const offsetS = Number(e.target.value);
              if (Number.isFinite(offsetS)) setAlignment({ ...alignment, offsetS, source: 'manual' });
            }}
          />
        </label>
        <input
          type="range"
          min={-120}
          max={120}
          step={0.1}
          value={Math.max(-120, Math.min(120, alignment.offsetS))}
          aria-label="Drag the log against the movie"
          title="Drag to shift the log against the movie (±120 s)"
          onChange={(e) => setAlignment({ ...alignment, offsetS: Number(e.target.value), source: 'manual' })}
        />
        <button
          type="button"
          onClick={propose}
          title="Match the log's current to the rate of area change (the analysis must have run)"
        >
          Propose offset
        </button>
      </div>
      {message ? (
        <p className="hint" data-testid="alignment-message">
          {message}{' '}
          {pending ? (
            <>
              <button type="button" onClick={accept}>
                Accept offset
              </button>{' '}
              <button type="button" onClick={dismiss}>
                Dismiss
              </button>
            </>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}
