import type { ValidationProblem } from "../../../worker/engine/types";

/** The validator's messages under an input; `id` is referenced by aria-describedby. */
export function FieldMessages({
  id,
  errors,
  warnings,
}: {
  id: string;
  errors: ValidationProblem[];
  warnings: ValidationProblem[];
}) {
  if (errors.length === 0 && warnings.length === 0) return null;
  return (
    <div id={id}>
      {errors.map((p, i) => (
        <p key={`e${i}`} className="field-error" data-field-error={p.field}>
          {p.message}
        </p>
      ))}
      {warnings.map((p, i) => (
        <p key={`w${i}`} className="field-warning" data-field-warning={p.field}>
          Warning: {p.message}
        </p>
      ))}
    </div>
  );
}
