import { GolemError } from "@vm-on-golem/sdk/errors";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { tokenMatches } from "./api-token.ts";

/** Parameters of {@link guardLocalApi}. */
export type GuardLocalApiParameters = {
  /** The bearer token every `/api/*` request must carry. */
  token: string;
  /** True for a `Host` header naming the address the server is bound to. */
  isAllowedHost: (host: string) => boolean;
};

/** Routes readable without the token: the OpenAPI document and its viewer (nothing secret). */
const isPublic = (request: FastifyRequest) =>
  request.routeOptions.url?.startsWith("/docs") === true;

/**
 * Closes the local API to everything but tools on this machine that hold the token, before
 * any route runs: a `Host` other than the bound address (DNS rebinding) is `API_HOST_REFUSED`,
 * any `Origin` (a web page: a cross-site or rebound fetch, a form post) is
 * `API_ORIGIN_REFUSED`, and a missing or wrong `Authorization: Bearer` token is
 * `API_TOKEN_INVALID` (compared in constant time).
 *
 * @example
 * guardLocalApi(app, { token, isAllowedHost: (host) => host === "127.0.0.1:7465" });
 */
export function guardLocalApi(app: FastifyInstance, params: GuardLocalApiParameters): void {
  app.addHook("onRequest", async (request: FastifyRequest) => {
    const host = request.headers.host;
    if (host === undefined || !params.isAllowedHost(host.toLowerCase())) {
      throw new GolemError(
        "API_HOST_REFUSED",
        "the request names another host than this server's address",
        {
          details: { host: host ?? null },
        },
      );
    }
    if (request.headers.origin !== undefined) {
      throw new GolemError(
        "API_ORIGIN_REFUSED",
        "requests from web pages (with an Origin header) are refused",
        {
          details: { origin: request.headers.origin },
        },
      );
    }
    if (isPublic(request)) return;
    const authorization = request.headers.authorization;
    const presented = authorization?.startsWith("Bearer ")
      ? authorization.slice(7).trim()
      : undefined;
    if (!tokenMatches(presented, params.token)) {
      throw new GolemError(
        "API_TOKEN_INVALID",
        presented === undefined ? "no bearer token was sent" : "the bearer token is wrong",
        {
          hints: [
            "send `Authorization: Bearer <token>` with the token `golem server token` prints (it is kept in the requestor home, readable only by you)",
          ],
        },
      );
    }
  });
}

/**
 * The `Host` check of a server bound to `host:port`: exactly that address (an IPv6 literal in
 * brackets; `:80` may be left out). A wildcard bind (`0.0.0.0`, `::`) takes any IP literal with
 * that port, never a name, so no DNS answer can make a page same-origin with it.
 *
 * @example
 * const isAllowedHost = allowedHostCheck("127.0.0.1", 7465);
 * isAllowedHost("127.0.0.1:7465"); // true
 * isAllowedHost("rebind.example:7465"); // false
 */
export function allowedHostCheck(host: string, port: number): (header: string) => boolean {
  const literal = host.includes(":") ? `[${host.toLowerCase()}]` : host.toLowerCase();
  const wildcard = host === "0.0.0.0" || host === "::";
  return (header) => {
    const withPort = /:\d+$/.test(header) ? header : port === 80 ? `${header}:80` : header;
    if (!wildcard) return withPort === `${literal}:${port}`;
    const match = /^(\[[0-9a-f:.]+\]|\d{1,3}(?:\.\d{1,3}){3}):(\d+)$/.exec(withPort);
    return match !== null && Number(match[2]) === port;
  };
}
