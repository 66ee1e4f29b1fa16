import { useWorkbench } from '../state/store.ts';

/** The segmentation parameters a user may want to touch; defaults work on plain bright-field movies. */
export function ParamsForm({ disabled }: { disabled: boolean }) {
  const params = useWorkbench((s) => s.params);
  const setParams = useWorkbench((s) => s.setParams);
  if (!params) return null;
  return (
    <fieldset className="params" disabled={disabled}>
      <label title="Standard deviation of the smoothing before thresholding, in pixels; raise it for noisier (low-dose) movies">
        Smoothing σ (px)
        <input
          type="number"
          min={0}
          max={20}
          step={0.5}
          value={params.smoothRadiusPx}
          onChange={(e) => setParams({ smoothRadiusPx: Number(e.target.value) })}
        />
      </label>
      <label title="Where the outline sits between background (0) and cluster (1) brightness; lower keeps more of the soft particle rims">
        Edge level
        <input
          type="number"
          min={0.05}
          max={0.95}
          step={0.05}
          value={params.edgeFraction ?? 0.25}
          onChange={(e) => setParams({ edgeFraction: Number(e.target.value) })}
        />
      </label>
      <label title="Connected regions smaller than this are ignored">
        Min. region (px)
        <input
          type="number"
          min={0}
          step={10}
          value={params.minAreaPx}
          onChange={(e) => setParams({ minAreaPx: Number(e.target.value) })}
        />
      </label>
      <label title="Bright-field: the cluster is darker than the carbon film">
        <input
          type="checkbox"
          checked={params.darkObject}
          onChange={(e) => setParams({ darkObject: e.target.checked })}
        />
        Dark cluster on bright background
      </label>
    </fieldset>
  );
}
