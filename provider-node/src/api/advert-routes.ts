import type { SignedAdvertJson } from "@vm-on-golem/sdk/advert";
import { MAX_ADVERTS_PAGE } from "@vm-on-golem/sdk/discovery";
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
      maxPublishedPorts: z.number().optional(),
      libp2pApi: z
        .string()
        .optional()
        .describe("libp2p protocol the node serves this API on (/http/1.1), at multiaddrs"),
      sequence: z.number(),
      issuedAt: z.number(),
      expiresAt: z.number(),
    })
    .describe("the advert as signed (EIP-712, domain VM on Golem / 1 / chainId)"),
  signature: z.string().describe("65-byte EIP-712 signature by advert.provider"),
});

const pageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_ADVERTS_PAGE)
    .default(MAX_ADVERTS_PAGE)
    .describe(`adverts per page (at most ${MAX_ADVERTS_PAGE})`),
  cursor: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}$/)
    .optional()
    .describe("the `next` of the previous page: adverts of providers after this address"),
});

/** What the advert route needs. */
export type AdvertRoutesOptions = {
  /** Held adverts (own and heard) in wire form; empty when discovery is off. */
  listAdverts: () => SignedAdvertJson[];
};

/**
 * `GET /api/v1/adverts?limit=&cursor=`: the signed adverts the node holds (its own and the ones
 * it heard on gossip), for newcomers such as browsers, one page at a time in provider address
 * order (`next` is the cursor of the following page, null on the last). Public; relays nothing it
 * has not verified, and every reader verifies each signature itself.
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
        summary: "Signed provider adverts this node holds, paged (verify each signature yourself)",
        querystring: pageQuerySchema,
        response: {
          200: z.object({
            adverts: z.array(signedAdvertWireSchema).max(MAX_ADVERTS_PAGE),
            next: z.string().nullable().describe("cursor of the next page; null on the last page"),
          }),
        },
      },
    },
    async (request) => {
      const { limit, cursor } = request.query;
      const after = cursor?.toLowerCase();
      const sorted = options
        .listAdverts()
        .map((signed) => ({ key: signed.advert.provider.toLowerCase(), signed }))
        .filter(({ key }) => after === undefined || key > after)
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const page = sorted.slice(0, limit);
      const last = page.at(-1);
      return {
        adverts: page.map(({ signed }) => signed),
        next: sorted.length > limit && last ? last.key : null,
      };
    },
  );
}
