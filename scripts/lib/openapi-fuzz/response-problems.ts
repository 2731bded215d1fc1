import { isGolemErrorCode } from "@vm-on-golem/sdk/errors";

/** An HTTP answer as the fuzzer sees it. */
export type FuzzResponse = {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  /** What went wrong on the wire around this answer (bytes after it, a reset), if anything. */
  transportProblem?: string | undefined;
};

/** The rules an API's answers are held to, beyond those every API keeps. */
export type ResponseRules = {
  /** Absolute paths of this host that no answer may contain. */
  hostPaths: readonly string[];
  /**
   * Where host paths are looked for: every answer (default), or failures only, for an API
   * whose successes rightly name this machine's files to a caller on the same machine.
   */
  hostPathsIn?: "every answer" | "failures";
  /**
   * Codes of a failure the API relays from another party (a provider, the chain) that may
   * come with their own 502/503; any other 5xx is still a problem. None by default.
   */
  relayedFailures?: ReadonlySet<string>;
};

const stackLine = /\n\s+at .+[:(]\d+:\d+\)?|\bat (?:async )?[\w.<>]+ \(|node:internal|\.ts:\d+:\d+/;

/**
 * What is wrong with one answer, by the rules every answer of the API must keep: no 5xx (but
 * a relayed failure's 502/503 where `rules` allows it); a failure's body is exactly
 * `{error: {code, message, hints, details?}}` with a known code (JSON, no other keys); no
 * stack trace and no path of this host in any body; nothing odd on the wire. Empty when
 * nothing is wrong.
 *
 * @example responseProblems({ method: "GET" }, res, { hostPaths: [process.cwd(), tmpdir()] });
 */
export function responseProblems(
  request: { method: string },
  response: FuzzResponse,
  rules: ResponseRules,
): string[] {
  const problems: string[] = [];
  const { status, body } = response;
  if (response.transportProblem) problems.push(response.transportProblem);
  if (status >= 500 && !isRelayedFailure(response, rules)) problems.push(`status ${status}`);
  if (stackLine.test(body)) problems.push("a stack trace in the body");
  if (status >= 400 || rules.hostPathsIn !== "failures") {
    for (const path of rules.hostPaths) {
      if (path.length > 1 && body.includes(path)) problems.push(`host path ${path} in the body`);
    }
  }
  if (status >= 400 && request.method !== "HEAD") {
    const contentType = String(response.headers["content-type"] ?? "");
    if (!contentType.startsWith("application/json"))
      problems.push(`content-type ${contentType || "none"}`);
    problems.push(...envelopeProblems(body));
  }
  return problems;
}

function isRelayedFailure(response: FuzzResponse, rules: ResponseRules): boolean {
  if (response.status !== 502 && response.status !== 503) return false;
  const code = codeOf(response.body);
  return code !== undefined && (rules.relayedFailures?.has(code) ?? false);
}

/** The `error.code` of an envelope body, if it is one. */
export function codeOf(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } } | null)?.error?.code;
    return typeof code === "string" ? code : undefined;
  } catch {
    return undefined;
  }
}

function envelopeProblems(body: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return ["a body that is not JSON"];
  }
  if (!json || typeof json !== "object" || Object.keys(json).join() !== "error") {
    return ["a body that is not the error envelope"];
  }
  const error = (json as { error: Record<string, unknown> }).error;
  const problems: string[] = [];
  const keys = Object.keys(error ?? {}).filter(
    (k) => !["code", "message", "hints", "details"].includes(k),
  );
  if (keys.length > 0) problems.push(`envelope keys ${keys.join(",")}`);
  if (!isGolemErrorCode(error?.code)) problems.push(`unknown code ${String(error?.code)}`);
  if (typeof error?.message !== "string" || error.message.length === 0) problems.push("no message");
  if (!Array.isArray(error?.hints) || !error.hints.every((h) => typeof h === "string")) {
    problems.push("hints not a list of text");
  }
  if (
    error?.details !== undefined &&
    (typeof error.details !== "object" || error.details === null)
  ) {
    problems.push("details not an object");
  }
  return problems;
}
