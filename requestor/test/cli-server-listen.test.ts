import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { startGolemServer } from "./support/golem-server.ts";

// `golem server api` on the IPv6 loopback: the URL it prints must be one a client can use
// (the address in brackets). No chain is needed to list the (empty) local VMs.
test("server api on ::1 prints a bracketed URL that answers", async () => {
  const home = await mkdtemp(join(tmpdir(), "golem-listen-"));
  const server = await startGolemServer(["--host", "::1", "--port", "0", "--no-monitor"], {
    GOLEM_REQUESTOR_HOME: home,
  });
  try {
    const { url } = server;
    expect(url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    const res = await server.fetch("/api/v1/vms");
    expect(await res.json()).toEqual({ vms: [] });
    // Host names the bound address: [::1]:port, as the URL says.
    expect((await fetch(`${url}/api/v1/vms`)).status).toBe(401);
  } finally {
    await server.stop();
    await rm(home, { recursive: true, force: true });
  }
});
