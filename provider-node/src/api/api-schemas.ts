import { MAX_PUBLISHED_PORTS } from "@vm-on-golem/sdk/advert";
import { uintDecimal } from "@vm-on-golem/sdk/chain";
import { signedOfferSchema } from "@vm-on-golem/sdk/offer";
import { z } from "zod";

/** `{error: {code, message, hints, details?}}`, the body of every failed request. */
export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().describe("stable error code, e.g. VM_NOT_FOUND"),
      message: z.string().describe("what happened"),
      hints: z.array(z.string()).describe("what to do next"),
      details: z.record(z.string(), z.unknown()).optional().describe("machine-readable facts"),
    }),
  })
  .describe("error envelope");

/** A VM as the API shows it to its owner. */
export const vmViewSchema = z.object({
  id: z.string().describe("VM id, e.g. vm-3f2a9c1b7d4e"),
  name: z.string(),
  status: z
    .enum(["creating", "starting", "running", "stopping", "stopped", "destroying", "failed"])
    .describe("running only once SSH answers on the public port"),
  resources: z.object({
    cpu: z.number().int().describe("virtual CPUs"),
    memoryGiB: z.number().describe("memory (GiB)"),
    storageGiB: z.number().int().describe("disk (GiB)"),
  }),
  sshPort: z.number().int().describe("public SSH port on the provider"),
  publishedPorts: z
    .array(
      z.object({
        guestPort: z.number().int().describe("port in the VM"),
        port: z.number().int().describe("public port on the provider that forwards to it"),
      }),
    )
    .describe("guest ports published besides SSH; kept while the VM exists"),
  streamId: z.string().nullable().describe("StreamPayment stream id paying for the VM"),
  error: z.string().nullable().describe("why the VM failed, or the last problem"),
  createdAt: z.string().describe("ISO 8601"),
  updatedAt: z.string().describe("ISO 8601"),
});

/** Body of `POST /api/v1/vms`. */
export const createVmBodySchema = z.object({
  name: z.string().min(1).max(63).describe("DNS label: lowercase letters, digits, hyphens"),
  cpu: z.number().int().min(1).max(256).describe("virtual CPUs"),
  memoryGiB: z.number().positive().max(4096).describe("memory (GiB)"),
  storageGiB: z.number().int().min(1).max(65_536).describe("disk (GiB)"),
  sshPublicKey: z
    .string()
    .min(16)
    .max(16_384)
    .regex(
      /^(ssh|ecdsa|sk)-[a-z0-9@.-]+ [A-Za-z0-9+/=]+( [^\r\n]*)?\s*$/,
      "one OpenSSH public key line",
    )
    .describe("OpenSSH public key installed for the user golem"),
  cloudInit: z
    .string()
    .max(64 * 1024)
    .optional()
    .describe("extra #cloud-config YAML merged after the provider's own"),
  ports: z
    .array(z.number().int().min(1).max(65_535))
    .max(MAX_PUBLISHED_PORTS)
    .optional()
    .describe(
      "guest ports to publish besides SSH (not 22, no duplicates, at most the provider's maxPublishedPorts), each on a public port",
    ),
  offer: signedOfferSchema
    .optional()
    .describe("the offer from POST /api/v1/offers (required when the provider is paid)"),
  streamId: uintDecimal(256)
    .optional()
    .describe("the StreamPayment stream paying for the VM (required when the provider is paid)"),
});

/** `{id}` path parameters. */
export const vmIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

/** How to reach a VM over SSH. */
export const accessViewSchema = z.object({
  host: z.string().describe("host name or IP address of the provider"),
  port: z.number().int().describe("public SSH port"),
  user: z.literal("golem"),
  sshCommand: z.string().describe("e.g. ssh -p 22800 golem@provider.example"),
  publishedPorts: z
    .array(
      z.object({
        guestPort: z.number().int().describe("port in the VM"),
        host: z.string().describe("host name or IP address of the provider"),
        port: z.number().int().describe("public port on the provider that forwards to it"),
      }),
    )
    .describe("guest ports published besides SSH: connect to host:port to reach guestPort"),
});

/** Most console bytes one `GET /api/v1/vms/{id}/console` returns. */
export const MAX_CONSOLE_BYTES = 1024 * 1024;

/** Query of `GET /api/v1/vms/{id}/console`. */
export const consoleQuerySchema = z.object({
  bytes: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_CONSOLE_BYTES)
    .default(64 * 1024)
    .describe(
      `how many of the most recent bytes to return (default 65536, at most ${MAX_CONSOLE_BYTES})`,
    ),
});

/** Answer of `GET /api/v1/vms/{id}/console`: the recent serial console output of a VM. */
export const vmConsoleViewSchema = z
  .object({
    id: z.string(),
    output: z
      .string()
      .describe(
        "the most recent console output, decoded as UTF-8 (invalid bytes become U+FFFD); raw guest text, escape sequences included",
      ),
    bytes: z.number().int().describe("how many bytes of console output `output` holds"),
  })
  .describe("VM serial console");

/** Answer of `GET /api/v1/vms/{id}/stats`: what a running VM uses, measured by the provider. */
export const vmStatsViewSchema = z
  .object({
    id: z.string(),
    sampledAt: z.string().describe("ISO 8601, when the provider measured"),
    cpu: z.object({
      count: z.number().int().describe("virtual CPUs"),
      usagePercent: z
        .number()
        .min(0)
        .max(100)
        .describe("share of the VM's CPUs in use over the sample window (0–100)"),
      timeSeconds: z
        .number()
        .nullable()
        .describe("CPU time used since the VM (its hypervisor) started; null when unknown"),
    }),
    memory: z.object({
      totalMiB: z.number().int().describe("memory the VM has (MiB)"),
      usedMiB: z.number().int().describe("memory in use (MiB): host resident set of the VM"),
    }),
    disk: z.object({
      totalGiB: z.number().int().describe("size of the VM's disk (GiB)"),
      usedBytes: z.number().int().describe("bytes the disk takes on the provider's host"),
      readBytes: z.number().int().nullable().describe("bytes read since boot; null when unknown"),
      writeBytes: z
        .number()
        .int()
        .nullable()
        .describe("bytes written since boot; null when unknown"),
    }),
    sampleWindowMs: z.number().int().describe("how long CPU usage was measured over (ms)"),
  })
  .describe("VM usage");

/** Answer of `DELETE /api/v1/vms/{id}`. */
export const destroyedSchema = z.object({
  id: z.string(),
  status: z.literal("destroyed"),
  stream: z
    .object({
      streamId: z.string(),
      closed: z
        .enum(["now", "already", "depleted"])
        .describe(
          "now: the provider terminated it with this destroy; already: it was closed; depleted: nothing was left to refund, so it was left open",
        ),
      paidToProvider: z.string().nullable().describe("base units the termination paid"),
      refunded: z.string().nullable().describe("base units the termination refunded"),
      transaction: z.string().nullable(),
    })
    .nullable()
    .describe("the stream that paid for the VM, closed before the VM went; null when unpaid"),
});

/** Answer of `POST /api/v1/auth/nonce`: what the SIWE message must say. */
export const nonceViewSchema = z.object({
  nonce: z.string(),
  domain: z.string().describe("the domain (host:port) the message must name"),
  uri: z.string(),
  chainId: z.number().int(),
  statement: z.string(),
  expiresAt: z.string().describe("ISO 8601; sign and verify before then"),
});

/** Body of `POST /api/v1/auth/verify`. */
export const verifyBodySchema = z.object({
  message: z.string().min(1).max(4096).describe("the EIP-4361 message text"),
  signature: z
    .string()
    .regex(/^0x[0-9a-fA-F]+$/)
    .describe("personal_sign signature"),
});

/** A session after sign-in. */
export const sessionViewSchema = z.object({
  token: z.string().describe("send as Authorization: Bearer <token>"),
  address: z.string(),
  expiresAt: z.string().describe("ISO 8601"),
});

const amounts = z.object({
  cpu: z.number().int(),
  memoryGiB: z.number(),
  storageGiB: z.number(),
});

/** Answer of `GET /api/v1/provider/info`. */
export const providerInfoSchema = z.object({
  providerId: z.string().nullable().describe("the provider's payment address; null until payments"),
  name: z.string(),
  country: z.string().nullable(),
  network: z
    .string()
    .describe(
      "payments network by name, as `--network` says it (local, sepolia, …, or chain <id>)",
    ),
  version: z.string(),
  driver: z.object({
    name: z.string(),
    accel: z.enum(["kvm", "tcg"]).nullable(),
    usable: z.boolean(),
    reason: z.string().nullable(),
    network: z
      .object({
        requested: z.enum(["isolated", "none"]).describe("what the operator asked for"),
        mode: z
          .enum(["isolated", "none"])
          .describe(
            "in force: isolated (egress to the internet only) or none (no egress, SSH only)",
          ),
        reason: z.string().describe("why this mode is in force"),
      })
      .optional()
      .describe("the guests' network (drivers that decide it)"),
  }),
  resources: z.object({
    total: amounts.describe("what the node offers in all: host totals times the thresholds"),
    free: amounts.describe("what is not reserved by VMs"),
    vms: z.object({ max: z.number().int(), used: z.number().int(), free: z.number().int() }),
  }),
  prices: z
    .object({
      perCoreHour: z.string(),
      perGiBMemoryHour: z.string(),
      perGiBDiskHour: z.string(),
    })
    .nullable()
    .describe("token base units per hour; null when payments are off"),
  payments: z
    .object({
      chainId: z.number().int(),
      streamPayment: z.string().describe("StreamPayment contract address"),
      token: z.string().describe("token address (the zero address: the chain's native coin)"),
      minRunwaySeconds: z.number().int(),
      accepts: z
        .array(
          z.object({
            pay: z.enum(["glm", "eth"]),
            streamPayment: z.string(),
            token: z.string(),
            symbol: z.string(),
            decimals: z.number().int(),
            native: z.boolean(),
          }),
        )
        .optional()
        .describe("every StreamPayment deployment this provider accepts streams on"),
    })
    .nullable()
    .optional()
    .describe("where to pay; null when payments are off"),
  paymentsEnabled: z.boolean(),
  apiExtensions: z.array(z.string()).describe("optional API features this node serves"),
});

/** Provider info without what the API adds itself. */
export type ProviderInfo = z.output<typeof providerInfoSchema>;

const wireAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

/** An offer as JSON (the sdk's `SignedOfferJson`), as `POST /api/v1/offers` answers it. */
export const signedOfferViewSchema = z.object({
  offer: z.object({
    provider: wireAddress.describe("the provider's payment address (the stream's recipient)"),
    requestor: wireAddress.describe("the only account that may pay with this offer"),
    resources: z.object({
      cpu: z.number().int(),
      memoryGiB: z.number().int(),
      storageGiB: z.number().int(),
    }),
    image: z.string(),
    ratePerSecond: z.string().describe("least stream rate (token base units per second)"),
    token: wireAddress,
    chainId: z.number().int(),
    contract: wireAddress.describe("the StreamPayment contract to open the stream on"),
    minRunwaySeconds: z.number().int().describe("least runway the stream must have (seconds)"),
    expiresAt: z.number().int().describe("unix seconds"),
    nonce: z.string(),
  }),
  signature: z.string().describe("EIP-712 signature by offer.provider"),
});

/** Answer of `POST /api/v1/offers`. */
export const offerViewSchema = signedOfferViewSchema.extend({
  serviceId: z.string().describe("hashTypedData(offer): open the stream with this serviceId"),
});

/** Body of `POST /api/v1/offers`. */
const wireAddressField = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

export const offerBodySchema = z.object({
  cpu: z.number().int().min(1).max(256).describe("virtual CPUs"),
  memoryGiB: z.number().int().min(1).max(4096).describe("memory (whole GiB)"),
  storageGiB: z.number().int().min(1).max(65_536).describe("disk (GiB)"),
  image: z.string().max(128).optional().describe("image to boot (empty: the provider's default)"),
  streamPayment: wireAddressField
    .optional()
    .describe(
      "the StreamPayment the requestor means to pay on (one of provider/info's payments.accepts); another is refused with PAYMENT_NOT_ACCEPTED",
    ),
});
