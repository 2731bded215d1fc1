import { expect, test } from "vitest";
import { summarizeStatus } from "../daemon/node-status.ts";
import { formatStatus } from "./format-status.ts";

test("prints the seed's status layout", () => {
  const status = summarizeStatus({
    source: "daemon",
    daemon: { running: true, pid: 4242 },
    driver: { name: "qemu", usable: true, accel: "tcg", reason: null },
    api: { host: "0.0.0.0", port: 7466, local: "listening" },
    ssh: { range: [50_800, 50_900], inUse: [50_800, 50_801], notBindable: [50_899] },
    vms: [
      { id: "vm-1", name: "a", owner: "0x1", status: "running", sshPort: 50_800, error: null },
      { id: "vm-2", name: "b", owner: "0x1", status: "stopped", sshPort: 50_801, error: null },
    ],
    resources: {
      total: { cpu: 4, memoryMib: 8192, storageGib: 100 },
      limit: { cpu: 3, memoryMib: 6963, storageGib: 90 },
      reserved: { cpu: 2, memoryMib: 2048, storageGib: 20 },
      free: { cpu: 1, memoryMib: 4915, storageGib: 70 },
      vms: { max: 10, used: 2, free: 8 },
    },
    discovery: {
      state: "running",
      reason: null,
      peerId: "12D3KooWGRUVh7ZCDqXxUv3xhXMpqfyNBSKuvx3ywKzJjvxkH5YZ",
      listenAddrs: [
        "/ip4/203.0.113.7/tcp/7467/p2p/12D3KooWGRUVh7ZCDqXxUv3xhXMpqfyNBSKuvx3ywKzJjvxkH5YZ",
      ],
      peers: 3,
      adverts: 12,
      lastPublishAt: "2026-11-23T17:00:00.000Z",
      advertExpiresAt: "2026-11-23T17:13:00.000Z",
      reachability: {
        state: "checked",
        reason: null,
        checkedAt: "2026-11-23T17:00:05.000Z",
        api: { port: 7466, local: true, external: "reachable" },
        ssh: { port: 50_802, local: true, external: "unreachable" },
        ip: "203.0.113.7",
        checkedBy: ["12D3KooWPeerA", "12D3KooWPeerB"],
        errors: [],
      },
      golemBase: null,
    },
  });
  expect(formatStatus(status)).toMatchInlineSnapshot(`
    "Overall         Issues detected
      - VMs run under TCG (software emulation, slow): KVM is not usable
      - 1 SSH port(s) in 50800-50899 are taken by other programs
      - SSH port 50802 is not reachable from outside: open or forward 50800-50899
    Node            running (pid 4242)
    Driver          ✅ qemu (TCG)
    Provider Port   0.0.0.0:7466
      Local         ✅ service is listening
      External      ✅ reachable (checked by 2 peer(s) at 203.0.113.7)
    SSH Ports       50800-50899 — limited — 1 issue(s)
      Usable free   97
      In use        2
      Issues        1 taken by other programs
      External      ❌ not reachable from outside (checked by 2 peer(s))
    Discovery       ✅ peer 12D3KooWGRUVh7ZCDqXxUv3xhXMpqfyNBSKuvx3ywKzJjvxkH5YZ
      Peers         3 connected, 12 advert(s) held
      Last publish  2026-11-23T17:00:00.000Z
      Listening     /ip4/203.0.113.7/tcp/7467/p2p/12D3KooWGRUVh7ZCDqXxUv3xhXMpqfyNBSKuvx3ywKzJjvxkH5YZ
    VMs             2 (1 running, 1 stopped)
    Resources free  1/3 CPU, 4.8/6.8 GiB memory, 70/90 GiB disk"
  `);
});

test("shows the guest network in force and why, warning on a fallback", () => {
  const base = {
    source: "daemon" as const,
    daemon: { running: true, pid: 1 },
    api: { host: "0.0.0.0", port: 7466, local: "listening" as const },
    ssh: { range: [50_800, 50_900] as [number, number], inUse: [], notBindable: [] },
    vms: [],
    resources: null,
  };
  const isolated = formatStatus(
    summarizeStatus({
      ...base,
      driver: {
        name: "qemu",
        usable: true,
        accel: "kvm",
        reason: null,
        network: { requested: "isolated", mode: "isolated", reason: "tap on golem0" },
      },
    }),
  );
  expect(isolated).toContain("Guest Network   ✅ isolated — tap on golem0");
  const fallback = formatStatus(
    summarizeStatus({
      ...base,
      driver: {
        name: "qemu",
        usable: true,
        accel: "kvm",
        reason: null,
        network: { requested: "isolated", mode: "none", reason: "no CAP_NET_ADMIN" },
      },
    }),
  );
  expect(fallback).toContain("Guest Network   ⚠️ none — no CAP_NET_ADMIN");
});
