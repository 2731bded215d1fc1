import type { z } from "zod";
import { GolemError } from "../errors/golem-error.ts";
import { badResponse, readCappedText } from "./read-answer.ts";

/** Largest answer body read by default (bytes); a longer one is `PROVIDER_BAD_RESPONSE`. */
export const DEFAULT_MAX_ANSWER_BYTES = 2 * 1024 * 1024;

/** Parameters of {@link requestJson}. */
export type RequestJsonParameters<T> = {
  /** Provider API base URL, e.g. `http://provider.example:7466` (`/api/v1` is appended). */
  baseUrl: string;
  method: "GET" | "POST" | "DELETE";
  /** Path under `/api/v1`, e.g. `/vms`. */
  path: string;
  /** The schema of a successful answer (from `@vm-on-golem/sdk/provider-api`). */
  answer: z.ZodType<T>;
  body?: unknown;
  token?: string | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
  /** Largest body read (bytes); default {@link DEFAULT_MAX_ANSWER_BYTES}. */
  maxBytes?: number | undefined;
};

/**
 * One call to a provider API. A successful answer is parsed with `answer` (unknown fields
 * dropped); one that does not match, is not JSON or is longer than `maxBytes` is
 * `PROVIDER_BAD_RESPONSE` naming the route and the first problem, so nothing unvalidated gets
 * past. A failure answer becomes the `GolemError` its envelope names (`GolemError.fromEnvelope`);
 * no answer at all is `PROVIDER_UNREACHABLE`. Browser-safe.
 *
 * @example
 * const info = await requestJson({ baseUrl, method: "GET", path: "/provider/info", answer: providerInfoSchema, fetch, timeoutMs: 10_000 });
 */
export async function requestJson<T>(params: RequestJsonParameters<T>): Promise<T> {
  const url = `${params.baseUrl.replace(/\/+$/, "")}/api/v1${params.path}`;
  const route = `${params.method} ${url}`;
  const headers: Record<string, string> = { accept: "application/json" };
  if (params.body !== undefined) headers["content-type"] = "application/json";
  if (params.token !== undefined) headers.authorization = `Bearer ${params.token}`;
  let response: Response;
  let text: string;
  try {
    response = await params.fetch(url, {
      method: params.method,
      headers,
      body: params.body === undefined ? undefined : JSON.stringify(params.body),
      signal: AbortSignal.timeout(params.timeoutMs),
    });
    text = await readCappedText(response, params.maxBytes ?? DEFAULT_MAX_ANSWER_BYTES, route);
  } catch (cause) {
    if (cause instanceof GolemError) throw cause;
    throw new GolemError("PROVIDER_UNREACHABLE", `${route} got no answer`, {
      details: { url },
      cause,
    });
  }
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) throw GolemError.fromEnvelope(json, response.status);
  if (json === undefined) {
    throw badResponse(route, response.status, "the answer is not JSON");
  }
  const parsed = params.answer.safeParse(json);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "the answer";
    throw badResponse(route, response.status, `${where}: ${issue?.message ?? "does not match"}`);
  }
  return parsed.data;
}
