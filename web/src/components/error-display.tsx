import { toErrorView } from "../lib/to-golem-error";

/** A failure as its GolemError code, message and hints (never a raw stack). */
export function ErrorDisplay({ error, title }: { error: unknown; title?: string }) {
  const view = toErrorView(error);
  return (
    <div
      className="error min-w-0 rounded-lg border border-destructive/30 bg-destructive/5 px-3 py-2 text-sm text-destructive"
      role="alert"
      data-error-code={view.code}
    >
      <p className="break-words">
        {title ? <strong>{title}: </strong> : null}
        <code>error[{view.code}]</code> {view.message}
      </p>
      {view.hints.length > 0 ? (
        <ul className="mt-1 list-disc pl-5 text-foreground/80">
          {view.hints.map((hint) => (
            <li key={hint}>hint: {hint}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
