import type { ReactNode } from 'react';
import { RIM_CONTRAST_FRACTION } from '../core/analysis/edge-profile.ts';
import type { ResolvedSegmentParams } from '../core/analysis/params.ts';
import { useWorkbench } from '../state/store.ts';

/**
 * The segmentation parameters as resolved in the store (every one present, see `params.ts`),
 * each with its unit and a tooltip saying what it does. Defaults
 * work on ordinary bright-field movies; the live preview on the viewer redraws the outline as
 * they change, so a user tunes by eye on a few frames before running the whole movie.
 */
export function ParamsForm({ disabled }: { disabled: boolean }) {
  const params = useWorkbench((s) => s.params);
  const setParams = useWorkbench((s) => s.setParams);
  if (!params) return null;
  const contrast = params.thresholdMethod === 'contrast';
  return (
    <fieldset className="params" disabled={disabled}>
      <label title="How the edge is placed: 'Contrast step' (v2) finds objects one contrast step below the local background in the illumination-flattened frame, then draws each at its own edge read from its profile (in focus, a dark object's rim; when the image rings, its defocused edge); 'Edge level' (v1) splits the frame's histogram">
        Method
        <select
          value={params.thresholdMethod}
          onChange={(e) =>
            setParams({ thresholdMethod: e.target.value as ResolvedSegmentParams['thresholdMethod'] })
          }
        >
          <option value="contrast">Contrast step (v2)</option>
          <option value="edge">Edge level (v1)</option>
          <option value="otsu">Otsu (v1)</option>
        </select>
      </label>
      {contrast ? (
        <NumberField
          label="Contrast step"
          title={`Objects are found where the frame transmits this fraction less than the bare film around them (0.10 = 10 % darker); a dark object's edge then moves in to its rim, ${Math.round(100 * RIM_CONTRAST_FRACTION)} % of its own contrast below the film. Lower keeps more of pale, soft rims`}
          min={0.02}
          max={0.6}
          step={0.01}
          value={params.contrastStep}
          onChange={(contrastStep) => setParams({ contrastStep })}
        />
      ) : (
        <NumberField
          label="Edge level"
          title="Where the outline sits between background (0) and cluster (1) brightness; lower keeps more of the soft particle rims"
          min={0.05}
          max={0.95}
          step={0.05}
          value={params.edgeFraction}
          onChange={(edgeFraction) => setParams({ edgeFraction })}
        />
      )}
      <NumberField
        label={contrast && params.autoSmooth ? 'Min. smoothing σ (px)' : 'Smoothing σ (px)'}
        title="Standard deviation of the smoothing before thresholding, in frame pixels; with automatic smoothing it is the least applied, and noisier (low-dose) frames get more"
        min={0}
        max={20}
        step={0.5}
        value={params.smoothSigmaPx}
        onChange={(smoothSigmaPx) => setParams({ smoothSigmaPx })}
      />
      {contrast ? (
        <>
          <Check
            label="Smoothing from the noise"
            title="Raise the smoothing on noisy frames until the noise left is about half the contrast step (up to σ = 4 px of the working image)"
            checked={params.autoSmooth}
            onChange={(autoSmooth) => setParams({ autoSmooth })}
          />
          <NumberField
            label="Hot pixels above (σ)"
            title="A pixel brighter than all 8 neighbours by this many noise standard deviations is a detector hot pixel and is replaced; 0 turns this off"
            min={0}
            max={50}
            step={1}
            value={params.hotPixelSigma}
            onChange={(hotPixelSigma) => setParams({ hotPixelSigma })}
          />
          <Check
            label="Leave out the biasing needle"
            title="Find the dark needle entering from an image edge, with its paler coating, and keep it out of the cluster"
            checked={params.excludeNeedle}
            onChange={(excludeNeedle) => setParams({ excludeNeedle })}
          />
          <Check
            label="Every particle"
            title="Measure every separate particle or cluster instead of one object: the area is their total, the frame readout counts them, the viewer shows each one's track id, a plot under S5 counts them over time, and the CLI's --particles-out writes one row per particle per frame"
            checked={params.particles}
            onChange={(particles) => setParams({ particles })}
          />
          <Check
            label="Track drift"
            title="Measure each frame's drift against the reference frame (on the film and needle, the cluster left out), so painted exclusions and carried edits follow the sample"
            checked={params.trackDrift}
            onChange={(trackDrift) => setParams({ trackDrift })}
          />
          <NumberField
            label="Flag brightness jumps above"
            title="A frame whose beam brightness differs from its neighbours' by more than this fraction is flagged 'flicker' (0.1 = 10 %)"
            min={0.01}
            max={1}
            step={0.01}
            value={params.flickerTolerance}
            onChange={(flickerTolerance) => setParams({ flickerTolerance })}
          />
        </>
      ) : null}
      <NumberField
        label="Min. region (px)"
        title="Connected regions smaller than this are ignored"
        min={0}
        step={10}
        value={params.minAreaPx}
        onChange={(minAreaPx) => setParams({ minAreaPx })}
      />
      <Check
        label="Dark cluster on bright background"
        title="Bright-field: the cluster is darker than the carbon film"
        checked={params.darkObject}
        onChange={(darkObject) => setParams({ darkObject })}
      />
    </fieldset>
  );
}

function NumberField(props: {
  label: string;
  title: string;
  min: number;
  max?: number;
  step: number;
  value: number;
  onChange: (value: number) => void;
}): ReactNode {
  return (
    <label title={props.title}>
      {props.label}
      <input
        type="number"
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        onChange={(e) => {
          // A half-typed number ("0.") must not reach the segmentation as NaN.
          const value = Number(e.target.value);
          if (e.target.value !== '' && Number.isFinite(value)) props.onChange(value);
        }}
      />
    </label>
  );
}

function Check(props: {
  label: string;
  title: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}): ReactNode {
  return (
    <label title={props.title}>
      <input type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      {props.label}
    </label>
  );
}
