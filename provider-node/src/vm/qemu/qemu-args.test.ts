import { describe, expect, it } from "vitest";
import { parseVmId } from "../driver.ts";
import { buildQemuArgs, macAddressOf, type QemuVmPaths } from "./qemu-args.ts";

const spec = { id: parseVmId("vm-1"), cpu: 2, memoryMiB: 1024, sshHostPort: 50800 };
const paths: QemuVmPaths = {
  disk: "/state/vms/vm-1/disk.qcow2",
  seed: "/state/vms/vm-1/seed.iso",
  kernel: "/cache/images/abc/vmlinuz",
  qmpSocket: "/state/vms/vm-1/qmp.sock",
  consoleLog: "/state/vms/vm-1/console.log",
  pidFile: "/state/vms/vm-1/qemu.pid",
};

describe("buildQemuArgs", () => {
  it("builds a TCG VM with direct kernel boot, NVMe disks, a host forward and QMP", () => {
    expect(buildQemuArgs(spec, paths, { accel: "tcg" }).join(" ")).toMatchInlineSnapshot(
      `"-name golem-vm-1 -accel tcg,tb-size=256 -cpu max -smp 2 -m 1024M -nodefaults -display none -kernel /cache/images/abc/vmlinuz -append root=/dev/nvme0n1 rootwait rw net.ifnames=0 console=ttyS0 -device nvme,id=nvme0,serial=golem -drive file=/state/vms/vm-1/disk.qcow2,format=qcow2,if=none,id=root,discard=unmap -device nvme-ns,drive=root,bus=nvme0,nsid=1 -drive file=/state/vms/vm-1/seed.iso,format=raw,if=none,id=seed,readonly=on -device nvme-ns,drive=seed,bus=nvme0,nsid=2 -netdev user,id=net0,hostfwd=tcp:127.0.0.1:50800-:22,restrict=on -device virtio-net-pci,netdev=net0,mac=52:54:00:2d:62:b0 -qmp unix:/state/vms/vm-1/qmp.sock,server=on,wait=off -chardev ringbuf,id=console0,size=1048576 -serial chardev:console0 -pidfile /state/vms/vm-1/qemu.pid -daemonize"`,
    );
  });

  it("puts both disks on virtio-blk with the initrd and a given MAC, for machines that are saved", () => {
    const args = buildQemuArgs(
      spec,
      { ...paths, initrd: "/cache/images/abc/initrd.img" },
      { accel: "tcg", disk: "virtio", macAddress: "52:54:00:00:00:01" },
    ).join(" ");
    expect(args).toContain(
      "-kernel /cache/images/abc/vmlinuz -initrd /cache/images/abc/initrd.img -append root=/dev/vda rw net.ifnames=0 console=ttyS0",
    );
    expect(args).toContain(
      "-drive file=/state/vms/vm-1/disk.qcow2,format=qcow2,if=none,id=root,discard=unmap -device virtio-blk-pci,drive=root,id=root-disk -drive file=/state/vms/vm-1/seed.iso,format=raw,if=none,id=seed,readonly=on -device virtio-blk-pci,drive=seed,id=seed-disk",
    );
    expect(args).not.toContain("nvme");
    expect(args).toContain("virtio-net-pci,netdev=net0,mac=52:54:00:00:00:01");
  });

  it("uses KVM with the host CPU, restricts the network and stays in the foreground when asked", () => {
    const args = buildQemuArgs({ ...spec, cpu: 4, memoryMiB: 4096 }, paths, {
      accel: "kvm",
      daemonize: false,
    });
    expect(args.slice(0, 10)).toMatchInlineSnapshot(`
      [
        "-name",
        "golem-vm-1",
        "-accel",
        "kvm",
        "-cpu",
        "host",
        "-smp",
        "4",
        "-m",
        "4096M",
      ]
    `);
    expect(args).toContain("user,id=net0,hostfwd=tcp:127.0.0.1:50800-:22,restrict=on");
    expect(args).not.toContain("-daemonize");
  });

  it("forwards each published port's host port to its guest port next to SSH, still restricted", () => {
    const published = [
      { guestPort: 80, hostPort: 50801 },
      { guestPort: 443, hostPort: 50802 },
    ];
    const args = buildQemuArgs({ ...spec, publishedPorts: published }, paths, { accel: "tcg" });
    expect(args).toContain(
      "user,id=net0,hostfwd=tcp:127.0.0.1:50800-:22,hostfwd=tcp:127.0.0.1:50801-:80,hostfwd=tcp:127.0.0.1:50802-:443,restrict=on",
    );
  });

  it("puts the NIC on the node's tap in isolated mode, with no user network and no host forward", () => {
    const args = buildQemuArgs(spec, paths, {
      accel: "tcg",
      network: { kind: "tap", tap: "gvm-abc" },
    });
    expect(args).toContain("tap,id=net0,ifname=gvm-abc,script=no,downscript=no");
    expect(args.join(" ")).not.toContain("hostfwd");
  });

  it("boots the disk's own loader when there is no kernel, and escapes commas in paths", () => {
    const args = buildQemuArgs(
      spec,
      { ...paths, kernel: undefined, disk: "/a,b/disk.qcow2" },
      { accel: "tcg" },
    );
    expect(args).not.toContain("-kernel");
    expect(args).not.toContain("-append");
    expect(args).toContain("file=/a,,b/disk.qcow2,format=qcow2,if=none,id=root,discard=unmap");
  });

  it("gives a saved machine the agent's virtio-serial port and a virtio-rng, and can start without forwards", () => {
    const args = buildQemuArgs(
      spec,
      { ...paths, agentSocket: "/vm/agent.sock" },
      { accel: "tcg", disk: "virtio", hostForwards: false },
    );
    expect(args).toContain("socket,id=agent,path=/vm/agent.sock,server=on,wait=off");
    expect(args).toContain("virtserialport,bus=vser0.0,chardev=agent,name=org.golem.identity.0");
    expect(args).toContain("virtio-rng-pci,rng=rng0");
    expect(args).toContain("user,id=net0,restrict=on");
    expect(buildQemuArgs(spec, paths, { accel: "tcg" })).not.toContain("virtio-rng-pci,rng=rng0");
    // A restored VM's forwards go to the address its own MAC leased.
    const restored = buildQemuArgs(spec, paths, { accel: "tcg", guestAddress: "10.0.2.16" });
    expect(restored.join(" ")).toContain(`hostfwd=tcp:127.0.0.1:${spec.sshHostPort}-10.0.2.16:22`);
  });
});

describe("macAddressOf", () => {
  it("is stable, unicast and in QEMU's range", () => {
    expect(macAddressOf("vm-1")).toBe(macAddressOf("vm-1"));
    expect(macAddressOf("vm-1")).not.toBe(macAddressOf("vm-2"));
    expect(macAddressOf("vm-1")).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
  });
});
