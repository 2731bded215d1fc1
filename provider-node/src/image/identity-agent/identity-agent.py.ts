/**
 * The guest's identity agent (Python 3 standard library only: the base image has Python
 * because cloud-init needs it). Installed by the base image recipe and started by udev when
 * the virtio-serial port `org.golem.identity.0` appears, i.e. only in machines that are saved
 * and restored. It answers `ping <nonce>` with `pong <nonce>` (the host checks that the agent
 * runs before it saves the machine), and after a restore applies one `identity` message from
 * the host (see identity-message.ts for the format) before it answers `done <nonce> <ipv4>`
 * (the address DHCP gave its new MAC):
 * kernel RNG reseed (RNDADDENTROPY + RNDRESEEDCRNG), clock, machine-id, hostname, the login
 * user's authorized key, SSH host keys (sshd reloaded), the root file system grown to the
 * enlarged disk, a new MAC and a DHCP renew.
 *
 * The host is trusted here (it owns the machine); the agent still checks every field, so a
 * garbled message fails with `failed <nonce> <reason>` instead of writing a bad file.
 */
export const identityAgentScript = String.raw`#!/usr/bin/python3 -I
# VM on Golem identity agent: gives a restored clone its own identity. See the node's source.
import base64, fcntl, os, pwd, re, signal, socket, struct, subprocess, time

PORT = "/dev/virtio-ports/org.golem.identity.0"
USER = "golem"
MAX_LINE = 16384
MAX_MESSAGE = 65536
RNDADDENTROPY = 0x40085203
RNDRESEEDCRNG = 0x5207
HOST_KEYS = ("ssh_host_ed25519_key", "ssh_host_ecdsa_key")
NONCE = re.compile(r"^[0-9a-f]{32}$")
HOSTNAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")
MACHINE_ID = re.compile(r"^[0-9a-f]{32}$")
MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
CLOCK = re.compile(r"^[0-9]{1,12}\.[0-9]{9}$")
KEY_LINE = re.compile(r"^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/=]+( [ -~]{0,200})?$")


def b64(value):
    return base64.b64decode(value.encode("ascii"), validate=True)


def write_atomic(path, data, mode):
    tmp = path + ".golem-tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, mode)
    os.rename(tmp, path)


def reseed(data):
    fd = os.open("/dev/random", os.O_WRONLY)
    try:
        fcntl.ioctl(fd, RNDADDENTROPY, struct.pack("ii", len(data) * 8, len(data)) + data)
        fcntl.ioctl(fd, RNDRESEEDCRNG)
    finally:
        os.close(fd)


def run(*argv):
    subprocess.run(argv, check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


def apply(fields, keys):
    for name in ("hostname", "machine-id", "mac", "clock", "entropy", "authorized-key"):
        if name not in fields:
            raise ValueError("missing " + name)
    if sorted(keys) != sorted(HOST_KEYS):
        raise ValueError("host keys must be exactly " + ",".join(HOST_KEYS))
    hostname, machine_id, mac = fields["hostname"], fields["machine-id"], fields["mac"]
    if not HOSTNAME.match(hostname) or not MACHINE_ID.match(machine_id) or not MAC.match(mac):
        raise ValueError("bad hostname, machine-id or mac")
    if not CLOCK.match(fields["clock"]):
        raise ValueError("bad clock")
    entropy = b64(fields["entropy"])
    if len(entropy) < 32:
        raise ValueError("too little entropy")
    authorized = b64(fields["authorized-key"]).decode("ascii")
    if not KEY_LINE.match(authorized):
        raise ValueError("bad authorized key")
    # Entropy first: nothing below may draw from the saved machine's RNG state.
    reseed(entropy)
    seconds, nanos = fields["clock"].split(".")
    time.clock_settime(time.CLOCK_REALTIME, int(seconds) + int(nanos) / 1e9)
    write_atomic("/etc/machine-id", (machine_id + "\n").encode(), 0o444)
    write_atomic("/etc/hostname", (hostname + "\n").encode(), 0o644)
    socket.sethostname(hostname)
    with open("/etc/hosts", encoding="utf-8") as f:
        hosts = [l for l in f.read().splitlines() if not l.startswith("127.0.1.1")]
    hosts.insert(1, "127.0.1.1 " + hostname)
    write_atomic("/etc/hosts", ("\n".join(hosts) + "\n").encode(), 0o644)
    # cloud-init sets the seed's hostname on every boot; keep this one across restarts.
    os.makedirs("/etc/cloud/cloud.cfg.d", exist_ok=True)
    write_atomic("/etc/cloud/cloud.cfg.d/95-golem-identity.cfg", ("hostname: " + hostname + "\npreserve_hostname: true\nmanage_etc_hosts: false\n").encode(), 0o644)
    home = "/home/" + USER
    os.makedirs(home + "/.ssh", mode=0o700, exist_ok=True)
    write_atomic(home + "/.ssh/authorized_keys", (authorized + "\n").encode(), 0o600)
    user = pwd.getpwnam(USER)
    uid, gid = user.pw_uid, user.pw_gid
    os.chown(home + "/.ssh", uid, gid)
    os.chown(home + "/.ssh/authorized_keys", uid, gid)
    for name in os.listdir("/etc/ssh"):
        if name.startswith("ssh_host_"):
            os.remove("/etc/ssh/" + name)
    for name, (private, public) in keys.items():
        write_atomic("/etc/ssh/" + name, private, 0o600)
        write_atomic("/etc/ssh/" + name + ".pub", public, 0o644)
    # SIGHUP makes sshd re-execute itself, reading the new host keys.
    with open("/run/sshd.pid", encoding="ascii") as f:
        os.kill(int(f.read().strip()), signal.SIGHUP)
    if "root-bytes" in fields:
        grow_root(fields["root-bytes"])
    # Stop ifupdown's DHCP client, take the new MAC, and lease an address for it.
    lease = ("-pf", "/run/dhclient.eth0.pid", "-lf", "/var/lib/dhcp/dhclient.eth0.leases")
    run("dhclient", "-4", "-x", *lease)
    run("ip", "link", "set", "dev", "eth0", "address", mac)
    run("dhclient", "-4", "-1", *lease, "eth0")
    out = subprocess.check_output(["ip", "-4", "-o", "addr", "show", "dev", "eth0"], timeout=10).decode()
    found = re.search(r"inet ([0-9.]+)/", out)
    if not found:
        raise ValueError("no address after the DHCP renew")
    return found.group(1)


def grow_root(value):
    # The host enlarged the disk after the restore; wait until the kernel sees it, then grow ext4.
    if not re.match(r"^[0-9]{1,16}$", value):
        raise ValueError("bad root-bytes")
    for _ in range(100):
        with open("/sys/block/vda/size", encoding="ascii") as f:
            if int(f.read()) * 512 >= int(value):
                break
        time.sleep(0.1)
    run("resize2fs", "/dev/vda")


def handle(port, lines):
    command, _, nonce = lines[0].partition(" ")
    if not NONCE.match(nonce):
        return None
    if command == "ping":
        return "pong " + nonce
    if command != "identity":
        return "failed " + nonce + " unknown-command"
    fields, keys = {}, {}
    for line in lines[1:]:
        name, _, value = line.partition(" ")
        if name == "host-key":
            key, private, public = value.split(" ")
            if key not in HOST_KEYS:
                raise ValueError("unknown host key " + key)
            keys[key] = (b64(private), b64(public))
        else:
            fields[name] = value
    address = apply(fields, keys)
    return "done " + nonce + " " + address


def serve(port):
    buffer, lines, total = b"", [], 0
    while True:
        chunk = os.read(port, 4096)
        if not chunk:
            # The host is not connected (virtio-serial reads 0): wait for it.
            buffer, lines, total = b"", [], 0
            time.sleep(0.05)
            continue
        buffer += chunk
        total += len(chunk)
        if total > MAX_MESSAGE or len(buffer) > MAX_LINE:
            buffer, lines, total = b"", [], 0
            continue
        while b"\n" in buffer:
            raw, buffer = buffer.split(b"\n", 1)
            line = raw.decode("ascii", "replace").strip()
            lines.append(line)
            if lines[0].startswith("ping ") or line == "end":
                try:
                    reply = handle(port, lines)
                except Exception as error:
                    nonce = lines[0].partition(" ")[2]
                    reason = re.sub(r"[^A-Za-z0-9_.,-]+", "-", str(error))[:200]
                    reply = "failed " + nonce + " " + reason
                if reply:
                    os.write(port, (reply + "\n").encode("ascii"))
                lines, total = [], len(buffer)


def main():
    while True:
        try:
            port = os.open(PORT, os.O_RDWR)
        except OSError:
            time.sleep(1)
            continue
        try:
            serve(port)
        except OSError:
            os.close(port)
            time.sleep(0.2)


main()
`;

/** The udev rule that starts the agent when its virtio-serial port appears. */
export const identityAgentUdevRule =
  'SUBSYSTEM=="virtio-ports", ATTR{name}=="org.golem.identity.0", TAG+="systemd", ENV{SYSTEMD_WANTS}+="golem-identity-agent.service"\n';

/** The agent's systemd unit. */
export const identityAgentUnit = `[Unit]
Description=VM on Golem identity agent (a fresh identity for a restored clone)

[Service]
ExecStart=/usr/bin/python3 -I /usr/local/lib/golem/identity-agent.py
Restart=always
RestartSec=1
`;
