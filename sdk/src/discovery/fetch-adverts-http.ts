import { z } from "zod";
import { GolemError } from "../errors/golem-error.ts";
import {
  HTTP_ADVERTS_PATH,
  MAX_ADVERTS_PAGE,
  MAX_SNAPSHOT_ADVERTS,
} from "./discovery-protocols.ts";

const bodySchema = z.object({
  adverts: z.array(z.unknown()).max(MAX_SNAPSHOT_ADVERTS),
  /** Cursor of the next page; absent (an older node: one page) or null on the last page. */
  next: z.string().max(128).nullish(),
});

/** Most pages {@link fetchAdvertsHttp} reads from one node by default (10 000 adverts at full pages). */
export const DEFAULT_MAX_ADVERT_PAGES = Math.ceil(MAX_SNAPSHOT_ADVERTS / MAX_ADVERTS_PAGE);

/** Parameters of {@link fetchAdvertsHttp}. */
export type FetchAdvertsHttpParameters = {
  /** A node's API base URL; `/api/v1/adverts` is appended. */
  url: string;
  /** Default the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /** Give up on one page after this many ms. Default 10 000. */
  timeoutMs?: number | undefined;
  /** Stop after this many adverts. Default {@link MAX_SNAPSHOT_ADVERTS}. */
  maxAdverts?: number | undefined;
  /** Stop after this many pages. Default {@link DEFAULT_MAX_ADVERT_PAGES}. */
  maxPages?: number | undefined;
};

/**
 * Reads `GET <url>/api/v1/adverts` page by page (body `{ adverts: [...], next }`, following
 * `next` as `?cursor=`; a node's default page is its largest), up to `maxAdverts` adverts and `maxPages` pages. Returns the raw JSON
 * values, NOT verified: admit each into an `AdvertStore` (or pass it to `verifyAdvert`).
 *
 * @throws GolemError `PROVIDER_UNREACHABLE` when the node does not answer with that body.
 * @example
 * const raw = await fetchAdvertsHttp({ url: "https://p.example:7466" });
 */
export async function fetchAdvertsHttp(parameters: FetchAdvertsHttpParameters): Promise<unknown[]> {
  const maxAdverts = parameters.maxAdverts ?? MAX_SNAPSHOT_ADVERTS;
  const maxPages = parameters.maxPages ?? DEFAULT_MAX_ADVERT_PAGES;
  const adverts: unknown[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 0; page < maxPages && adverts.length < maxAdverts; page++) {
    const url = new URL(HTTP_ADVERTS_PATH, parameters.url);
    if (cursor !== undefined) url.searchParams.set("cursor", cursor);
    const body = await fetchPage(url.toString(), parameters);
    adverts.push(...body.adverts.slice(0, maxAdverts - adverts.length));
    // A node that repeats a cursor would loop: stop instead.
    if (!body.next || seen.has(body.next)) break;
    seen.add(body.next);
    cursor = body.next;
  }
  return adverts;
}

async function fetchPage(
  url: string,
  parameters: FetchAdvertsHttpParameters,
): Promise<z.output<typeof bodySchema>> {
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
  return body.data;
}
