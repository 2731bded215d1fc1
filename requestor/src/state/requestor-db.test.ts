import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { openRequestorDb, type VmRow } from "./requestor-db.ts";

const execFileAsync = promisify(execFile);
const dirs: string[] = [];
const tempHome = () => {
  const dir = mkdtempSync(join(tmpdir(), "golem-db-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const vm: VmRow = {
  name: "web-1",
  providerId: "0x0000000000000000000000000000000000000001",
  providerApiUrl: "http://127.0.0.1:7466",
  vmId: "vm-1",
  streamId: "7",
  sshHost: "127.0.0.1",
  sshPort: 50800,
  status: "running",
  cpu: 2,
  memoryGiB: 4,
  storageGiB: 20,
  createdAt: 1_700_000_000_000,
};

describe("openRequestorDb", () => {
  it("stores, updates, lists and deletes VMs across reopen", () => {
    const home = tempHome();
    const db = openRequestorDb(home);
    db.upsertVm(vm);
    db.upsertVm({ ...vm, status: "stopped" });
    db.close();
    const again = openRequestorDb(home);
    expect(again.getVm("web-1")).toEqual({ ...vm, status: "stopped" });
    expect(again.listVms()).toHaveLength(1);
    again.deleteVm("web-1");
    expect(again.getVm("web-1")).toBeUndefined();
    again.close();
  });

  it("keeps streams per chain in id order", () => {
    const db = openRequestorDb(tempHome());
    const base = {
      contract: "0x00000000000000000000000000000000000000aa",
      recipient: vm.providerId,
      ratePerSecond: "1000",
      vmName: null,
      txHash: null,
      createdAt: 1,
    };
    db.insertStream({ ...base, chainId: 31337, streamId: "10" });
    db.insertStream({ ...base, chainId: 31337, streamId: "9" });
    db.insertStream({ ...base, chainId: 1, streamId: "1" });
    expect(db.listStreams(31337).map((s) => s.streamId)).toEqual(["9", "10"]);
    expect(db.listStreams(1)).toHaveLength(1);
    db.close();
  });

  it("keeps paid offers by serviceId, whatever the hex case", () => {
    const db = openRequestorDb(tempHome());
    const serviceId = `0x${"AB".repeat(32)}`;
    db.saveOffer({ serviceId, providerId: vm.providerId, offerJson: "{}", createdAt: 5 });
    expect(db.getOffer(serviceId.toLowerCase())).toEqual({
      serviceId: serviceId.toLowerCase(),
      providerId: vm.providerId,
      offerJson: "{}",
      createdAt: 5,
    });
    expect(db.getOffer(`0x${"cd".repeat(32)}`)).toBeUndefined();
    db.close();
  });
});

describe("a database from before ssh_key_path", () => {
  const oldSchema = `CREATE TABLE vms (name TEXT PRIMARY KEY, provider_id TEXT NOT NULL,
    provider_api_url TEXT NOT NULL, vm_id TEXT NOT NULL, stream_id TEXT, ssh_host TEXT NOT NULL,
    ssh_port INTEGER NOT NULL, status TEXT NOT NULL, cpu INTEGER, memory_gib REAL,
    storage_gib INTEGER, created_at INTEGER NOT NULL);
    INSERT INTO vms VALUES ('old-1', '0x01', 'http://127.0.0.1:7466', 'vm-0', NULL, '127.0.0.1',
    50800, 'running', 1, 1, 10, 1);`;
  const oldHome = () => {
    const home = tempHome();
    const db = new DatabaseSync(join(home, "requestor.db"));
    db.exec(oldSchema);
    db.close();
    return home;
  };

  it("gets the column on open and keeps its rows", () => {
    const db = openRequestorDb(oldHome());
    expect(db.getVm("old-1")?.vmId).toBe("vm-0");
    db.upsertVm({ ...vm, sshKeyPath: "/keys/id.pub" });
    expect(db.getVm("web-1")?.sshKeyPath).toBe("/keys/id.pub");
    db.close();
  });

  it("is opened by several CLI processes at once without a duplicate-column failure", async () => {
    const home = oldHome();
    const module = new URL("./requestor-db.ts", import.meta.url).href;
    const open = `const { openRequestorDb } = await import(${JSON.stringify(module)});
      openRequestorDb(process.argv[1]).close();`;
    const runs = await Promise.all(
      Array.from({ length: 6 }, () =>
        execFileAsync(process.execPath, ["--input-type=module", "-e", open, home]).then(
          () => "ok",
          (error: Error) => error.message,
        ),
      ),
    );
    expect(runs).toEqual(Array(6).fill("ok"));
  });
});
