import { GolemError, golemErrorFromContractError } from "@vm-on-golem/sdk/errors";

/** What the page shows of any failure: code, one-line message, hints; never a stack. */
export type ErrorView = { code: string; message: string; hints: string[] };

/** Any thrown value as an {@link ErrorView} (viem and wallet errors through the sdk's mapping). */
export function toErrorView(error: unknown): ErrorView {
  if (isEnvelopeError(error)) return { ...error, hints: [...error.hints] };
  const golem = error instanceof GolemError ? error : golemErrorFromContractError(error);
  // viem messages span many lines (docs links, versions): the first states the fact.
  const [message = golem.code] = golem.message.split("\n");
  return { code: golem.code, message, hints: [...golem.hints] };
}

function isEnvelopeError(value: unknown): value is ErrorView {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Error) &&
    typeof Reflect.get(value, "code") === "string" &&
    typeof Reflect.get(value, "message") === "string" &&
    Array.isArray(Reflect.get(value, "hints"))
  );
}
