import { z } from "zod";
import { MAX_PUBLISHED_PORTS } from "../advert/published-ports.ts";
import { uintDecimal } from "../chain/uint-schemas.ts";
import { signedOfferSchema } from "../offer/offer-schema.ts";
import { sshHostKeysSchema } from "./ssh-host-keys.ts";

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
  // Optional on the wire: providers from before host key pinning leave it out (read as null).
  sshHostKeys: sshHostKeysSchema.optional(),
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

/** How to reach a VM over SSH (`GET /api/v1/vms/{id}/access`). */
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

/** A VM as its owner sees it. */
export type VmView = z.infer<typeof vmViewSchema>;
/** Body of `POST /api/v1/vms` as a client writes it. */
export type CreateVmBody = z.input<typeof createVmBodySchema>;
/** How to reach a VM over SSH. */
export type AccessView = z.infer<typeof accessViewSchema>;
/** Answer of `DELETE /api/v1/vms/{id}`. */
export type DestroyedView = z.infer<typeof destroyedSchema>;
