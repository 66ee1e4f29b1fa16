import { useState } from 'react';
import { proposeAlignmentFor } from '../core/series/propose.ts';
import { useWorkbench } from '../state/store.ts';
import { reviewLabels } from './use-reviewed-results.ts';

const SOURCE_TEXT = {
  none: 'not aligned: both start at 0 s',
  clocks: 'from the clock times of both files',
  manual: 'set by hand',
  proposed: 'proposed from bias steps',
} as const;

/**
 * Movie ↔ log time alignment: automatic from clocks, typed by hand, or proposed by matching the
 * log's bias steps to the onsets of area change (with the residual, so the user can judge it).
 */
export function AlignmentPanel() {
  const movie = useWorkbench((s) => s.movie);
  const log = useWorkbench((s) => s.log);
  const alignment = useWorkbench((s) => s.alignment);
  const setAlignment = useWorkbench((s) => s.setAlignment);
  const voltageId = useWorkbench((s) => s.channelChoice.voltage);
  const [message, setMessage] = useState('');
  if (!movie || !log) return null;

  const propose = () => {
    const { results, corrections } = useWorkbench.getState();
    const voltage = log.series.channels.find((c) => c.id === voltageId);
    const outcome = proposeAlignmentFor(
      movie.info,
      results,
      reviewLabels(results, corrections),
      log.series,
      voltage,
    );
    if (!outcome.ok) return setMessage(outcome.reason);
    const { proposal, steps } = outcome;
    setAlignment(proposal.alignment);
    setMessage(
      `Matched ${proposal.pairs.length} of ${steps} bias steps; residual ${proposal.residualS.toFixed(2)} s` +
        (proposal.alignment.rate !== 1 ? `; clock rate ${proposal.alignment.rate.toFixed(5)}` : ''),
    );
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
        <button type="button" onClick={propose}>
          Propose from bias steps
        </button>
      </div>
      {message ? (
        <p className="hint" data-testid="alignment-message">
          {message}
        </p>
      ) : null}
    </section>
  );
}
