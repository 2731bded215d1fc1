import { GolemError } from "../errors/golem-error.ts";

/** Parameters of {@link requestJson}. */
export type RequestJsonParameters = {
  /** Provider API base URL, e.g. `http://provider.example:7466` (`/api/v1` is appended). */
  baseUrl: string;
  method: "GET" | "POST" | "DELETE";
  /** Path under `/api/v1`, e.g. `/vms`. */
  path: string;
  body?: unknown;
  token?: string | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
};

/**
 * One call to a provider API. A failure answer becomes the `GolemError` its envelope names
 * (`GolemError.fromEnvelope`); no answer at all is `PROVIDER_UNREACHABLE`. Browser-safe.
 */
export async function requestJson<T>(params: RequestJsonParameters): Promise<T> {
  const url = `${params.baseUrl.replace(/\/+$/, "")}/api/v1${params.path}`;
  const headers: Record<string, string> = { accept: "application/json" };
  if (params.body !== undefined) headers["content-type"] = "application/json";
  if (params.token !== undefined) headers.authorization = `Bearer ${params.token}`;
  let response: Response;
  try {
    response = await params.fetch(url, {
      method: params.method,
      headers,
      body: params.body === undefined ? undefined : JSON.stringify(params.body),
      signal: AbortSignal.timeout(params.timeoutMs),
    });
  } catch (cause) {
    throw new GolemError("PROVIDER_UNREACHABLE", `${params.method} ${url} got no answer`, {
      details: { url },
      cause,
    });
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) throw GolemError.fromEnvelope(json, response.status);
  if (json === undefined) {
    throw new GolemError("PROVIDER_UNREACHABLE", `${params.method} ${url} answered without JSON`, {
      details: { url, status: response.status },
    });
  }
  return json as T;
}
