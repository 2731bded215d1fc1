import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { expect, test } from "vitest";
import { spawnGolem } from "./run-golem.ts";

// `golem server api` on the IPv6 loopback: the URL it prints must be one a client can use
// (the address in brackets). No chain is needed to list the (empty) local VMs.
test("server api on ::1 prints a bracketed URL that answers", async () => {
  const home = await mkdtemp(join(tmpdir(), "golem-listen-"));
  const child = spawnGolem(
    ["server", "api", "--host", "::1", "--port", "0", "--no-monitor", "--json"],
    { GOLEM_REQUESTOR_HOME: home },
  );
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
    const { url } = JSON.parse(line) as { url: string };
    expect(url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    const res = await fetch(`${url}/api/v1/vms`);
    expect(await res.json()).toEqual({ vms: [] });
  } finally {
    child.kill("SIGTERM");
    await once(child, "exit");
    await rm(home, { recursive: true, force: true });
  }
});
