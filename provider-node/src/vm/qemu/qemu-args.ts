import { createHash } from "node:crypto";
import type { VmSpec } from "../driver.ts";
import { consoleRingBytes, consoleRingId } from "./qemu-console.ts";

/** How QEMU runs guest code: hardware virtualization, or TCG's binary translation. */
export type QemuAccel = "kvm" | "tcg";

/** Files of one VM that QEMU opens or creates (absolute paths). */
export type QemuVmPaths = {
  /** qcow2 overlay on the base image; the root file system. */
  disk: string;
  /** NoCloud seed (ISO 9660, label `cidata`). */
  seed: string;
  /** Kernel for direct boot; without it QEMU boots the disk's own boot loader (cloud images). */
  kernel?: string;
  /** Initial RAM disk for direct boot (needed with `disk: "virtio"`: virtio-blk is a module in Debian's cloud kernel). */
  initrd?: string;
  qmpSocket: string;
  consoleLog: string;
  pidFile: string;
  /**
   * Unix socket of the guest identity agent's virtio-serial port (`org.golem.identity.0`),
   * for machines that are saved and restored; with it the machine also gets a virtio-rng.
   */
  agentSocket?: string;
};

/** Options of {@link buildQemuArgs}. */
export type BuildQemuArgsOptions = {
  accel: QemuAccel;
  /**
   * The guest's NIC: QEMU user networking with `restrict=on` (default; no egress, SSH through
   * the host forward), or the named tap device of the node's bridge (isolated mode).
   */
  network?: { kind: "user" } | { kind: "tap"; tap: string };
  /** TCG translation cache in MiB (default 256: QEMU's RSS drops from ~1.2 GB to ~0.6 GB for a 1 GiB guest). */
  tbSizeMiB?: number;
  /** Fork into the background once started (default true), so VMs outlive the node. */
  daemonize?: boolean;
  /**
   * The bus of both disks: NVMe (default; boots without an initrd) or virtio-blk, which QEMU
   * can migrate (QEMU 7.2 refuses to save a machine with an NVMe device), so saved and restored
   * VMs use it, with {@link QemuVmPaths.initrd}.
   */
  disk?: "nvme" | "virtio";
  /** The NIC's MAC address (default {@link macAddressOf} the VM's id; clones of one saved state keep its MAC). */
  macAddress?: string;
  /**
   * Whether the user-mode network forwards the SSH and published ports from the start
   * (default true). A restored clone starts without them: they are added over QMP once the
   * guest agent confirmed its new identity, so no one reaches the saved machine's sshd.
   */
  hostForwards?: boolean;
  /**
   * The guest address the forwards go to (default: QEMU's first DHCP address, 10.0.2.15). A
   * restored VM's new MAC leased another one, which its DHCP client asks for again at each boot.
   */
  guestAddress?: string;
};

/**
 * Kernel command line for the base image: root on the first NVMe namespace (NVMe and ext4
 * are built into Debian's cloud kernel, so no initrd is needed), classic `eth0` naming
 * (the seed's network config names it), console on the serial port (the console log).
 */
export const kernelCmdline = "root=/dev/nvme0n1 rootwait rw net.ifnames=0 console=ttyS0";

/** Kernel command line with the disks on virtio-blk: root is `vda`, loaded by the initrd. */
export const virtioKernelCmdline = "root=/dev/vda rw net.ifnames=0 console=ttyS0";

/** A stable, locally administered MAC address for a VM (QEMU's 52:54:00 prefix + 3 bytes of the id's hash). */
export function macAddressOf(id: string): string {
  const hash = createHash("sha256").update(id).digest();
  return [
    "52",
    "54",
    "00",
    ...[...hash.subarray(0, 3)].map((b) => b.toString(16).padStart(2, "0")),
  ].join(":");
}

/**
 * Builds the argv (without the binary) that starts one VM: both disks as namespaces of one
 * NVMe controller (root = `nvme0n1`, seed = `nvme0n2`, read-only, so names never race) or, for
 * machines that are saved and restored, as two virtio-blk devices,
 * restricted user-mode networking with `127.0.0.1:sshHostPort` forwarded to the guest's port
 * 22 and each published port's host port to its guest port (or a tap device of the node's bridge), a QMP
 * socket for control, the serial console into a bounded ring, and a pid file. Pure: same input, same argv.
 *
 * @example spawn("qemu-system-x86_64", buildQemuArgs(spec, paths, { accel: "tcg" }))
 */
export function buildQemuArgs(
  spec: Pick<VmSpec, "id" | "cpu" | "memoryMiB" | "sshHostPort" | "publishedPorts">,
  paths: QemuVmPaths,
  options: BuildQemuArgsOptions,
): string[] {
  const accel =
    options.accel === "kvm"
      ? ["-accel", "kvm", "-cpu", "host"]
      : ["-accel", `tcg,tb-size=${options.tbSizeMiB ?? 256}`, "-cpu", "max"];
  const network = options.network ?? { kind: "user" };
  // restrict=on always: without it a guest reaches the host's 127.0.0.1 through 10.0.2.2.
  const netdev =
    network.kind === "tap"
      ? `tap,id=net0,ifname=${network.tap},script=no,downscript=no`
      : `user,id=net0,${options.hostForwards === false ? "" : `${hostForwards(spec, options.guestAddress)},`}restrict=on`;
  return [
    "-name",
    `golem-${spec.id}`,
    ...accel,
    "-smp",
    String(spec.cpu),
    "-m",
    `${spec.memoryMiB}M`,
    "-nodefaults",
    "-display",
    "none",
    ...(paths.kernel
      ? [
          "-kernel",
          paths.kernel,
          ...(paths.initrd ? ["-initrd", paths.initrd] : []),
          "-append",
          options.disk === "virtio" ? virtioKernelCmdline : kernelCmdline,
        ]
      : []),
    ...(options.disk === "virtio" ? virtioDisks(paths) : nvmeDisks(paths)),
    "-netdev",
    netdev,
    "-device",
    `virtio-net-pci,netdev=net0,mac=${options.macAddress ?? macAddressOf(spec.id)}`,
    ...(paths.agentSocket ? agentDevices(paths.agentSocket) : []),
    "-qmp",
    `unix:${escapeOption(paths.qmpSocket)},server=on,wait=off`,
    // The serial port writes into a bounded ring that the node drains (qemu-console.ts): a
    // guest writing without end can neither fill the host's disk nor block on a slow reader.
    "-chardev",
    `ringbuf,id=${consoleRingId},size=${consoleRingBytes}`,
    "-serial",
    `chardev:${consoleRingId}`,
    "-pidfile",
    paths.pidFile,
    ...(options.daemonize === false ? [] : ["-daemonize"]),
  ];
}

/** Root and seed as namespaces of one NVMe controller (root = `nvme0n1`, seed = `nvme0n2`). */
function nvmeDisks(paths: QemuVmPaths): string[] {
  return [
    "-device",
    "nvme,id=nvme0,serial=golem",
    "-drive",
    `file=${escapeOption(paths.disk)},format=qcow2,if=none,id=root,discard=unmap`,
    "-device",
    "nvme-ns,drive=root,bus=nvme0,nsid=1",
    "-drive",
    `file=${escapeOption(paths.seed)},format=raw,if=none,id=seed,readonly=on`,
    "-device",
    "nvme-ns,drive=seed,bus=nvme0,nsid=2",
  ];
}

/** Root and seed as two virtio-blk devices (root = `vda`, seed = `vdb`), in that order. */
function virtioDisks(paths: QemuVmPaths): string[] {
  return [
    "-drive",
    `file=${escapeOption(paths.disk)},format=qcow2,if=none,id=root,discard=unmap`,
    "-device",
    "virtio-blk-pci,drive=root,id=root-disk",
    "-drive",
    `file=${escapeOption(paths.seed)},format=raw,if=none,id=seed,readonly=on`,
    "-device",
    "virtio-blk-pci,drive=seed,id=seed-disk",
  ];
}

/** The identity agent's virtio-serial port on a host socket, and a virtio-rng fed from the host's urandom. */
function agentDevices(socket: string): string[] {
  return [
    "-device",
    "virtio-serial-pci,id=vser0",
    "-chardev",
    `socket,id=agent,path=${escapeOption(socket)},server=on,wait=off`,
    "-device",
    `virtserialport,bus=vser0.0,chardev=agent,name=${identityAgentPortName}`,
    "-object",
    "rng-random,id=rng0,filename=/dev/urandom",
    "-device",
    "virtio-rng-pci,rng=rng0",
  ];
}

/** The name of the guest identity agent's virtio-serial port (the guest's `/dev/virtio-ports/<name>`). */
export const identityAgentPortName = "org.golem.identity.0";

/** QEMU's option syntax takes a comma in a value as `,,`. */
function escapeOption(value: string): string {
  return value.replaceAll(",", ",,");
}

/** QEMU user networking's `hostfwd` options: SSH, then each published port, all on 127.0.0.1. */
function hostForwards(
  spec: Pick<VmSpec, "sshHostPort" | "publishedPorts">,
  guestAddress = "",
): string {
  return [{ hostPort: spec.sshHostPort, guestPort: 22 }, ...(spec.publishedPorts ?? [])]
    .map((p) => `hostfwd=tcp:127.0.0.1:${p.hostPort}-${guestAddress}:${p.guestPort}`)
    .join(",");
}
