import type { SignedAdvertJson } from "@vm-on-golem/sdk/advert/advert-schema";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";

const amounts = z.object({ cpu: z.number(), memoryGiB: z.number(), storageGiB: z.number() });

/** A signed advert on the wire (OpenAPI description; readers verify it with the sdk, not this). */
export const signedAdvertWireSchema = z.object({
  advert: z
    .object({
      provider: z.string().describe("payment address that signed the advert"),
      peerId: z.string(),
      multiaddrs: z.array(z.string()),
      apiUrl: z.string(),
      resources: z.object({ total: amounts, free: amounts }),
      prices: z.object({
        perCoreHour: z.string(),
        perGiBMemoryHour: z.string(),
        perGiBDiskHour: z.string(),
      }),
      country: z.string(),
      platform: z.string(),
      chainId: z.number(),
      streamPayment: z.string(),
      token: z.string(),
      sshPorts: z.object({ first: z.number(), last: z.number() }),
      sequence: z.number(),
      issuedAt: z.number(),
      expiresAt: z.number(),
    })
    .describe("the advert as signed (EIP-712, domain VM on Golem / 1 / chainId)"),
  signature: z.string().describe("65-byte EIP-712 signature by advert.provider"),
});

/** What the advert route needs. */
export type AdvertRoutesOptions = {
  /** Held adverts (own and heard) in wire form; empty when discovery is off. */
  listAdverts: () => SignedAdvertJson[];
};

/**
 * `GET /api/v1/adverts`: every signed advert the node holds (its own and the ones it heard on
 * gossip), for newcomers such as browsers. Public; relays nothing it has not verified, and every
 * reader verifies each signature itself.
 */
export async function advertRoutes(
  app: FastifyInstance,
  options: AdvertRoutesOptions,
): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/adverts",
    {
      schema: {
        tags: ["provider"],
        summary: "Signed provider adverts this node holds (verify each signature yourself)",
        response: { 200: z.object({ adverts: z.array(signedAdvertWireSchema) }) },
      },
    },
    async () => ({ adverts: options.listAdverts() }),
  );
}
