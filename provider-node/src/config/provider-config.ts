import { MAX_PUBLISHED_PORTS } from "@vm-on-golem/sdk/advert";
import { uintDecimal } from "@vm-on-golem/sdk/chain";
import { payKinds } from "@vm-on-golem/sdk/deployments";
import { maxOfferMinRunwaySeconds } from "@vm-on-golem/sdk/rent";
import { z } from "zod";
import { discoveryConfigSchema } from "./discovery-config.ts";
import { logConfigSchema } from "./log-config.ts";

const port = z.number().int().min(1).max(65_535);
/** True when `value` is exactly the host[:port] of a URL, as clients derive a SIWE domain. */
const isBareHost = (value: string) => new URL(`http://${value}`).host === value.toLowerCase();
const fraction = z.number().gt(0).max(1);
const tokenUnits = uintDecimal(256).default("0");

/**
 * The provider node's one configuration schema: every key has a description with its unit
 * and a default. Resolved flag > env (`GOLEM_PROVIDER_*`) > `<dataDir>/config.json` > default
 * by the CLI entry point only; everything else receives the parsed {@link ProviderConfig}.
 */
export const providerConfigSchema = z
  .object({
    dataDir: z
      .string()
      .min(1)
      .default("~/.golem-provider")
      .describe(
        "directory for the node's database, config.json, pid file, log and operator socket (path; ~ is the home directory)",
      ),
    cacheDir: z
      .string()
      .min(1)
      .default("~/.cache/vm-on-golem")
      .describe("directory for base images shared by nodes on this host (path)"),
    name: z
      .string()
      .default("")
      .describe("provider name shown in adverts (text; empty: host name)"),
    country: z
      .string()
      .regex(/^([A-Z]{2})?$/, "use an ISO 3166-1 alpha-2 code such as SE")
      .default("")
      .describe("provider country shown in adverts (ISO 3166-1 alpha-2 code; empty: unset)"),
    driver: z
      .enum(["qemu", "multipass"])
      .default("qemu")
      .describe("VM driver (qemu: qcow2 overlays with KVM or TCG; multipass: the multipass CLI)"),
    api: z.object({
      host: z
        .string()
        .min(1)
        .default("0.0.0.0")
        .describe("address the HTTP API binds (IP address)"),
      port: port.default(7466).describe("TCP port of the HTTP API (port)"),
      publicHost: z
        .string()
        .min(1)
        .default("auto")
        .describe(
          "host name or IP address put in access info and adverts (auto: the address a client used)",
        ),
      siweDomain: z
        .string()
        .default("")
        .refine(
          (value) => value === "" || (URL.canParse(`http://${value}`) && isBareHost(value)),
          "a host name or IP address with an optional :port, nothing else (e.g. p.example:7466)",
        )
        .describe(
          "domain SIWE sign-ins must name (host[:port]; empty: the host:port of the API URL in adverts, see publicHost; never the Host header a client sends)",
        ),
      corsOrigins: z
        .array(z.string())
        .default([])
        .describe("browser origins allowed by CORS (list of origins; empty: none)"),
      bodyLimitBytes: z
        .number()
        .int()
        .min(1024)
        .default(256 * 1024)
        .describe("largest request body the API accepts (bytes)"),
      authRateLimitPerMinute: z
        .number()
        .int()
        .min(1)
        .default(60)
        .describe("requests per minute per client address on /api/v1/auth routes (count)"),
      requestTimeoutSeconds: z
        .number()
        .int()
        .min(1)
        .default(30)
        .describe(
          "longest a request may take to arrive, headers and body; slower ones get 408 (seconds)",
        ),
      offerRateLimitPerMinute: z
        .number()
        .int()
        .min(1)
        .default(30)
        .describe("offers (POST /api/v1/offers) per minute per signed-in requestor (count)"),
      offerRateLimitPerMinutePerIp: z
        .number()
        .int()
        .min(1)
        .default(120)
        .describe("offers (POST /api/v1/offers) per minute per client IP address (count)"),
    }),
    ssh: z.object({
      // Both ranges lie below Linux's ephemeral range (32768–60999), so outgoing connections
      // do not take them; a range set inside it is warned about at start.
      portRangeStart: port.default(22_800).describe("first public SSH port handed to VMs (port)"),
      portRangeEnd: port
        .default(22_900)
        .describe("end of the public SSH port range, not included (port)"),
      bindHost: z
        .string()
        .min(1)
        .default("0.0.0.0")
        .describe("address the public SSH forwards bind (IP address)"),
      hostPortRangeStart: port
        .default(23_800)
        .describe("first 127.0.0.1 port a driver forwards to a guest's port 22 (port)"),
      hostPortRangeEnd: port
        .default(23_900)
        .describe("end of the driver's 127.0.0.1 port range, not included (port)"),
      verifyPorts: z
        .boolean()
        .default(true)
        .describe("check at start that the API and SSH ports can be bound (boolean)"),
      idleTimeoutSeconds: z
        .number()
        .int()
        .min(0)
        .default(3600)
        .describe(
          "close a forwarded connection (SSH or a published port) with no traffic either way for this long; on the kernel path (isolated mode) the kernel forgets it and resets its next packet; `ssh -o ServerAliveInterval=60` keeps an idle session open (seconds; 0: never, the kernel path then keeps the kernel's default)",
        ),
      maxConnections: z
        .number()
        .int()
        .min(1)
        .default(128)
        .describe(
          "most open connections to one VM's public SSH port, from all addresses together (on the kernel path: to the VM across all its public ports); more are closed at once (count)",
        ),
      maxConnectionsPerIp: z
        .number()
        .int()
        .min(1)
        .default(16)
        .describe(
          "most open connections to one VM's public SSH port from one address (an IPv6 /64 counts as one; on the kernel path: to the VM across all its public ports); more are closed at once (count)",
        ),
      bannerTimeoutSeconds: z
        .number()
        .int()
        .min(1)
        .default(300)
        .describe("how long a new VM may take until SSH answers on its public port (seconds)"),
    }),
    vms: z.object({
      network: z
        .enum(["isolated", "none"])
        .default("isolated")
        .describe(
          "guest network: isolated (a tap per VM on the node's bridge, nftables: egress to the internet, nothing of the host or private networks; needs CAP_NET_ADMIN, else falls back to none) or none (QEMU user networking with restrict=on: no egress, SSH only)",
        ),
      bridge: z
        .string()
        .regex(/^[a-z][a-z0-9]{0,14}$/)
        .default("golem0")
        .describe(
          "isolated mode: the bridge the node owns for its guests' taps (created when missing)",
        ),
      subnet: z
        .string()
        .regex(/^\d{1,3}\.\d{1,3}\.\d{1,3}\.0\/24$/)
        .default("10.243.0.0/24")
        .describe(
          "isolated mode: the guests' /24 (the bridge takes .1); pick one no network of the host uses",
        ),
      allowEgress: z
        .array(z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/))
        .default([])
        .describe(
          "isolated mode: CIDRs guests may reach although they are blocked (private, shared, link-local ranges or the host's own networks), e.g. a LAN mirror",
        ),
      nameservers: z
        .array(z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/))
        .default(["1.1.1.1", "9.9.9.9"])
        .describe(
          "isolated mode: the DNS servers guests are given (the host's own resolver is out of their reach)",
        ),
      maxPublishedPorts: z
        .number()
        .int()
        .min(0)
        .max(MAX_PUBLISHED_PORTS)
        .default(4)
        .describe(
          `most guest ports one VM may publish besides SSH (golem vm create --publish), each on a port of the SSH range; advertised (count, 0-${MAX_PUBLISHED_PORTS}; 0: none)`,
        ),
      snapshots: z
        .enum(["on", "off"])
        .default("on")
        .describe(
          "QEMU: restore new VMs from a saved, booted machine of their shape (about a second instead of a boot), each given its own SSH host keys, machine-id, hostname, MAC and RNG seed by the guest agent; VMs with cloud-config or isolated networking always boot cold (on, off)",
        ),
      healthIntervalSeconds: z
        .number()
        .int()
        .min(0)
        .default(30)
        .describe(
          "how often running VMs are checked for a hypervisor that died; such a VM is marked stopped, never destroyed (seconds; 0: never)",
        ),
    }),
    resources: z.object({
      maxVms: z
        .number()
        .int()
        .min(0)
        .default(10)
        .describe("most VMs the node runs at once (count)"),
      cpuThreshold: fraction
        .default(0.9)
        .describe("share of host CPUs VMs may reserve (fraction 0–1)"),
      memoryThreshold: fraction
        .default(0.85)
        .describe("share of host memory VMs may reserve (fraction 0–1)"),
      storageThreshold: fraction
        .default(0.9)
        .describe("share of the data directory's file system VMs may reserve (fraction 0–1)"),
      minCpu: z.number().int().min(1).default(1).describe("smallest VM: virtual CPUs (count)"),
      minMemoryGib: z.number().gt(0).default(1).describe("smallest VM: memory (GiB)"),
      minStorageGib: z.number().int().min(1).default(10).describe("smallest VM: disk (GiB)"),
    }),
    auth: z.object({
      sessionTtlSeconds: z
        .number()
        .int()
        .min(60)
        .default(3600)
        .describe("how long a SIWE session token is valid (seconds)"),
      nonceTtlSeconds: z
        .number()
        .int()
        .min(10)
        .default(300)
        .describe("how long a sign-in nonce may wait for its signature (seconds)"),
    }),
    payments: z.object({
      enabled: z
        .boolean()
        .default(true)
        .describe(
          "require a paid StreamPayment stream for every VM; the chain at rpcUrl must answer at start (boolean; --no-payments turns it off)",
        ),
      rpcUrl: z
        .string()
        .min(1)
        .default("http://127.0.0.1:8545")
        .describe("JSON-RPC endpoint of the chain streams are read on (URL)"),
      chainId: z
        .number()
        .int()
        .min(1)
        .default(31_337)
        .describe("chain the StreamPayment deployment is on (chain id; 31337 is the local chain)"),
      deploymentsDir: z
        .string()
        .default("")
        .describe("folder with <chainId>.json deployments (path; empty: the ones shipped)"),
      pay: z
        .enum(payKinds)
        .default("glm")
        .describe(
          "what streams are paid in: glm (the deployment's ERC-20 StreamPayment) or eth (its StreamPaymentNative, the chain's native coin); prices are in its base units",
        ),
      streamPayment: z
        .string()
        .regex(
          /^(0x[0-9a-fA-F]{40})?$/,
          "use a contract address (0x and 40 hex digits) or leave it empty",
        )
        .default("")
        .describe(
          "the StreamPayment of the deployment streams are paid on, by address, e.g. the one paying in the local chain's GLM-interface token (empty: the one of payments.pay); it must be listed in the deployment file",
        ),
      minRunwaySeconds: z
        .number()
        .int()
        .min(60)
        // Requestors refuse offers asking more than this up front.
        .max(maxOfferMinRunwaySeconds)
        .default(3600)
        .describe(
          "least runway a stream must have when its VM is created (seconds, at most a day)",
        ),
      offerTtlSeconds: z
        .number()
        .int()
        .min(30)
        .default(600)
        .describe("how long a signed offer can be paid and used (seconds)"),
      maxOpenOffersPerRequestor: z
        .number()
        .int()
        .min(1)
        .default(20)
        .describe("most offers one requestor may hold unexpired and unused at once (count)"),
      offerPruneIntervalSeconds: z
        .number()
        .int()
        .min(1)
        .default(60)
        .describe("how often expired, unused offers are deleted (seconds)"),
      monitor: z.object({
        enabled: z.boolean().default(true).describe("watch each VM's stream (boolean)"),
        intervalSeconds: z
          .number()
          .int()
          .min(1)
          .default(30)
          .describe("how often each VM's stream is read (seconds)"),
        stopBelowSeconds: z
          .number()
          .int()
          .min(0)
          .default(300)
          .describe(
            "runway below which a VM is stopped, disk kept; its owner can start it again only with more runway than this (seconds)",
          ),
        graceSeconds: z
          .number()
          .int()
          .min(0)
          .default(3600)
          .describe(
            "how long a depleted stream's VM is kept stopped before it is destroyed, counted from the first depletion after it was paused; only a top-up to payments.minRunwaySeconds ends a pause (seconds)",
          ),
        stopTimeoutSeconds: z
          .number()
          .int()
          .min(1)
          .default(20)
          .describe(
            "how long a guest the monitor stops may take to shut down on its own before it is forced off (seconds)",
          ),
        actionDeadlineSeconds: z
          .number()
          .int()
          .min(1)
          .default(60)
          .describe(
            "how long the monitor waits for one stop, start or destroy before it goes on without it; actions on different VMs run side by side (seconds)",
          ),
        budgetTopUpHours: z
          .number()
          .positive()
          .max(720)
          .default(6)
          .describe(
            "runway one top-up from a stream's budget buys when the stream falls below stopBelowSeconds, capped by the remaining budget; the provider pays the gas of each pull, so fewer, larger pulls cost it less (hours)",
          ),
      }),
      withdraw: z.object({
        enabled: z.boolean().default(false).describe("withdraw earnings automatically (boolean)"),
        intervalSeconds: z
          .number()
          .int()
          .min(60)
          .default(3600)
          .describe("how often withdrawable earnings are checked (seconds)"),
        minWei: uintDecimal(256)
          .default("1000000000000000000")
          .describe(
            "least total withdrawable before a batched withdraw is sent (token base units)",
          ),
      }),
    }),
    pricing: z.object({
      usdPerCore: z
        .number()
        .min(0)
        .default(0)
        .describe("price of one virtual CPU (USD per month of 730 hours)"),
      usdPerMemGib: z
        .number()
        .min(0)
        .default(0)
        .describe("price of one GiB of memory (USD per month of 730 hours)"),
      usdPerDiskGib: z
        .number()
        .min(0)
        .default(0)
        .describe("price of one GiB of disk (USD per month of 730 hours)"),
      perCoreHour: tokenUnits.describe(
        "price of one virtual CPU (token base units per hour; wins over the USD prices when any token price is set)",
      ),
      perGiBMemoryHour: tokenUnits.describe(
        "price of one GiB of memory (token base units per hour)",
      ),
      perGiBDiskHour: tokenUnits.describe("price of one GiB of disk (token base units per hour)"),
      glmPerUsd: z
        .number()
        .min(0)
        .default(0)
        .describe("GLM tokens per USD used to turn USD prices into token rates (GLM; 0: not set)"),
    }),
    discovery: discoveryConfigSchema,
    log: logConfigSchema,
  })
  .superRefine((config, ctx) => {
    const ranges = [
      ["ssh.portRangeStart", config.ssh.portRangeStart, config.ssh.portRangeEnd],
      ["ssh.hostPortRangeStart", config.ssh.hostPortRangeStart, config.ssh.hostPortRangeEnd],
    ] as const;
    for (const [key, start, end] of ranges) {
      if (start >= end) {
        ctx.addIssue({
          code: "custom",
          path: key.split("."),
          message: `range start ${start} must be below its end ${end} (the end is not included)`,
        });
      }
    }
    const overlap =
      config.ssh.portRangeStart < config.ssh.hostPortRangeEnd &&
      config.ssh.hostPortRangeStart < config.ssh.portRangeEnd;
    if (overlap) {
      ctx.addIssue({
        code: "custom",
        path: ["ssh", "hostPortRangeStart"],
        message: "the driver's host port range overlaps the public SSH port range",
      });
    }
  });

/** The provider node's resolved configuration. */
export type ProviderConfig = z.output<typeof providerConfigSchema>;

/** Env prefix of every provider setting, e.g. `GOLEM_PROVIDER_API_PORT`. */
export const providerEnvPrefix = "GOLEM_PROVIDER_";
