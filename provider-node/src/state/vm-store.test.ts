import { beforeEach, describe, expect, test } from "vitest";
import { openDatabase } from "./open-database.ts";
import { createVmStore, type VmRecord, type VmStore } from "./vm-store.ts";

const owner = "0xAbCdEf0000000000000000000000000000000001" as const;

function record(overrides: Partial<VmRecord> = {}): VmRecord {
  return {
    id: "vm-1",
    name: "web",
    owner,
    status: "creating",
    cpu: 1,
    memoryMib: 1024,
    storageGib: 10,
    sshPort: 50_800,
    hostPort: 51_800,
    published: [],
    sshPublicKey: "ssh-ed25519 AAAA test",
    cloudInit: null,
    streamId: null,
    error: null,
    createdAt: 1,
    updatedAt: 1,
    ...overrides,
  };
}

describe("createVmStore", () => {
  let vms: VmStore;
  beforeEach(() => {
    vms = createVmStore(openDatabase(":memory:"));
  });

  test("keeps published ports with the VM, by guest port, and frees them with it", () => {
    const published = [
      { guestPort: 80, publicPort: 50_801, hostPort: 51_801 },
      { guestPort: 443, publicPort: 50_802, hostPort: 51_802 },
    ];
    vms.insertWithPorts(record({ published: [...published].reverse() }));
    expect(vms.get("vm-1")?.published).toEqual(published);
    expect(vms.list()[0]?.published).toEqual(published);
    expect(vms.ports().map((p) => p.port)).toEqual([
      50_800, 50_801, 50_802, 51_800, 51_801, 51_802,
    ]);
    // A published port is a port like any other: no second VM can take it.
    expect(() =>
      vms.insertWithPorts(record({ id: "vm-2", name: "b", sshPort: 50_801, hostPort: 51_803 })),
    ).toThrow();
    vms.releasePorts("vm-1");
    expect(vms.get("vm-1")?.published).toEqual([]);
    vms.delete("vm-1");
    expect(vms.ports()).toEqual([]);
  });

  test("stores the owner lowercase and finds the VM by id, owner and name", () => {
    vms.insertWithPorts(record());
    const stored = vms.get("vm-1");
    expect(stored?.owner).toBe(owner.toLowerCase());
    expect(vms.findByName(owner, "web")?.id).toBe("vm-1");
    expect(vms.list(owner).map((v) => v.id)).toEqual(["vm-1"]);
    expect(vms.list("0x0000000000000000000000000000000000000002")).toEqual([]);
    expect(vms.ports()).toEqual([
      { port: 50_800, vmId: "vm-1", kind: "public" },
      { port: 51_800, vmId: "vm-1", kind: "host" },
    ]);
  });

  test("a port already taken rolls back the whole insert", () => {
    vms.insertWithPorts(record());
    expect(() =>
      vms.insertWithPorts(record({ id: "vm-2", name: "other", hostPort: 51_801 })),
    ).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(vms.get("vm-2")).toBeUndefined();
    expect(vms.ports()).toHaveLength(2);
  });

  test("one owner cannot have two VMs with one name", () => {
    vms.insertWithPorts(record());
    expect(() =>
      vms.insertWithPorts(record({ id: "vm-2", sshPort: 50_801, hostPort: 51_801 })),
    ).toThrow(/UNIQUE/);
  });

  test("setStatus records the error and delete frees the ports", () => {
    vms.insertWithPorts(record());
    expect(vms.setStatus("vm-1", "failed", "no banner", 5)).toMatchObject({
      status: "failed",
      error: "no banner",
      updatedAt: 5,
    });
    vms.delete("vm-1");
    expect(vms.get("vm-1")).toBeUndefined();
    expect(vms.ports()).toEqual([]);
  });
});
