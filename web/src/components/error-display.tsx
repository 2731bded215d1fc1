import { toErrorView } from "../lib/to-golem-error";

/** A failure as its GolemError code, message and hints (never a raw stack). */
export function ErrorDisplay({ error, title }: { error: unknown; title?: string }) {
  const view = toErrorView(error);
  return (
    <div className="error" role="alert" data-error-code={view.code}>
      <p>
        {title ? <strong>{title}: </strong> : null}
        <code>error[{view.code}]</code> {view.message}
      </p>
      {view.hints.length > 0 ? (
        <ul>
          {view.hints.map((hint) => (
            <li key={hint}>hint: {hint}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
