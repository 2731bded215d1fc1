import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { fetchAdvertsHttp } from "./fetch-adverts-http.ts";

// Real HTTP on loopback standing in for nodes (the sdk may not import provider-node, whose real
// route is tested with this reader in advert-routes.test.ts).
const servers: Server[] = [];
let requests: string[] = [];

async function serve(page: (cursor: string | null) => unknown): Promise<string> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    requests.push(url.search);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(page(url.searchParams.get("cursor"))));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
});

describe("fetchAdvertsHttp (pages)", () => {
  it("follows next until the last page, and reads an older node's single page", async () => {
    requests = [];
    const url = await serve((cursor) =>
      cursor === null ? { adverts: [1, 2], next: "0xb" } : { adverts: [3], next: null },
    );
    expect(await fetchAdvertsHttp({ url })).toEqual([1, 2, 3]);
    expect(requests).toEqual(["", "?cursor=0xb"]);
    const old = await serve(() => ({ adverts: [1] }));
    expect(await fetchAdvertsHttp({ url: old })).toEqual([1]);
  });

  it("stops at its caps and on a cursor that repeats (a node cannot keep it reading)", async () => {
    requests = [];
    const endless = await serve((cursor) => ({ adverts: [cursor], next: `0x${requests.length}` }));
    expect(await fetchAdvertsHttp({ url: endless, maxPages: 3 })).toHaveLength(3);
    expect(await fetchAdvertsHttp({ url: endless, maxAdverts: 2 })).toHaveLength(2);
    requests = [];
    const loop = await serve(() => ({ adverts: [0], next: "0xa" }));
    expect(await fetchAdvertsHttp({ url: loop })).toHaveLength(2);
    expect(requests).toHaveLength(2);
  });
});
