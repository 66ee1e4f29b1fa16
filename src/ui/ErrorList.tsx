import { useWorkbench } from '../state/store.ts';

/** Errors name the file and the problem; dismissing one keeps everything else. */
export function ErrorList() {
  const errors = useWorkbench((s) => s.errors);
  const dismiss = useWorkbench((s) => s.dismissError);
  if (errors.length === 0) return null;
  return (
    <div className="errors" role="alert">
      {errors.map((error) => (
        <div key={error.id} className="error" data-testid="error">
          <span>{error.message}</span>
          <button type="button" onClick={() => dismiss(error.id)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
