import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { isNewer, latestVersion } from "./version-command.ts";

describe("version check", () => {
  it("compares versions numerically", () => {
    expect(isNewer("0.10.0", "0.9.9")).toBe(true);
    expect(isNewer("1.0.0", "1.0.0")).toBe(false);
    expect(isNewer("0.1.0", "0.2.0")).toBe(false);
  });

  it("reads the latest version from a registry (local HTTP server)", async () => {
    const server = createServer((req, res) => {
      expect(req.url).toBe("/@vm-on-golem%2frequestor/latest");
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ version: "9.9.9" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(
        await latestVersion({ registryUrl: `http://127.0.0.1:${port}`, timeoutMs: 2000 }),
      ).toBe("9.9.9");
    } finally {
      server.close();
    }
  });

  it("gives up quietly when the registry does not answer in time", async () => {
    const server = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const started = Date.now();
      expect(await latestVersion({ registryUrl: `http://127.0.0.1:${port}`, timeoutMs: 200 })).toBe(
        undefined,
      );
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await latestVersion({ registryUrl: "http://127.0.0.1:1", timeoutMs: 200 })).toBe(
        undefined,
      );
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
