import { isGolemErrorCode } from "@vm-on-golem/sdk/errors";

/** An HTTP answer as the fuzzer sees it. */
export type FuzzResponse = {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
};

const stackLine = /\n\s+at .+[:(]\d+:\d+\)?|node:internal|\.ts:\d+:\d+/;

/**
 * What is wrong with one answer, by the rules every answer of the API must keep: no 5xx; a
 * failure's body is exactly `{error: {code, message, hints, details?}}` with a known code
 * (JSON, no other keys); no stack trace and no path of this host in any body. Empty when
 * nothing is wrong.
 *
 * @example responseProblems({ method: "GET" }, res, [process.cwd(), tmpdir()]);
 */
export function responseProblems(
  request: { method: string },
  response: FuzzResponse,
  hostPaths: readonly string[],
): string[] {
  const problems: string[] = [];
  const { status, body } = response;
  if (status >= 500) problems.push(`status ${status}`);
  if (stackLine.test(body)) problems.push("a stack trace in the body");
  for (const path of hostPaths) {
    if (path.length > 1 && body.includes(path)) problems.push(`host path ${path} in the body`);
  }
  if (status >= 400 && request.method !== "HEAD") {
    const contentType = String(response.headers["content-type"] ?? "");
    if (!contentType.startsWith("application/json"))
      problems.push(`content-type ${contentType || "none"}`);
    problems.push(...envelopeProblems(body));
  }
  return problems;
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
