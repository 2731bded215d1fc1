import { z } from "zod";
import { GolemError } from "../errors/golem-error.ts";
import { MAX_SNAPSHOT_ADVERTS } from "./advert-snapshot.ts";
import { HTTP_ADVERTS_PATH } from "./discovery-protocols.ts";

const bodySchema = z.object({ adverts: z.array(z.unknown()).max(MAX_SNAPSHOT_ADVERTS) });

/** Parameters of {@link fetchAdvertsHttp}. */
export type FetchAdvertsHttpParameters = {
  /** A node's API base URL; `/api/v1/adverts` is appended. */
  url: string;
  /** Default the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /** Give up after this many ms. Default 10 000. */
  timeoutMs?: number | undefined;
};

/**
 * Reads `GET <url>/api/v1/adverts` (body `{ adverts: [...] }`). Returns the raw JSON values, NOT
 * verified: admit each into an `AdvertStore` (or pass it to `verifyAdvert`).
 *
 * @throws GolemError `PROVIDER_UNREACHABLE` when the node does not answer with that body.
 */
export async function fetchAdvertsHttp(parameters: FetchAdvertsHttpParameters): Promise<unknown[]> {
  const url = new URL(HTTP_ADVERTS_PATH, parameters.url).toString();
  const fetcher = parameters.fetch ?? fetch;
  let response: Response;
  try {
    response = await fetcher(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(parameters.timeoutMs ?? 10_000),
    });
  } catch (cause) {
    throw new GolemError("PROVIDER_UNREACHABLE", `GET ${url} failed`, { cause, details: { url } });
  }
  if (!response.ok) {
    throw new GolemError("PROVIDER_UNREACHABLE", `GET ${url} answered HTTP ${response.status}`, {
      details: { url, status: response.status },
    });
  }
  const body = bodySchema.safeParse(await response.json().catch(() => undefined));
  if (!body.success) {
    throw new GolemError("PROVIDER_UNREACHABLE", `GET ${url} did not answer {adverts: [...]}`, {
      details: { url },
    });
  }
  return body.data.adverts;
}
