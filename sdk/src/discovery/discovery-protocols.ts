/** Gossipsub topic that carries signed adverts (JSON, one advert per message). */
export const ADVERT_TOPIC = "/vm-on-golem/adverts/1";

/** libp2p protocol that returns every advert a node holds (length-prefixed JSON frames). */
export const SNAPSHOT_PROTOCOL = "/vm-on-golem/adverts-snapshot/1";

/** libp2p protocol by which a provider asks a peer to TCP-connect back to its own ports. */
export const DIAL_BACK_PROTOCOL = "/vm-on-golem/dial-back/1";

/** HTTP path of the advert list on a provider API (relative to its `apiUrl`). */
export const HTTP_ADVERTS_PATH = "/api/v1/adverts";

/** Most adverts a reader takes from one snapshot (libp2p) or one listing over HTTP. */
export const MAX_SNAPSHOT_ADVERTS = 10_000;

/** Most adverts one page of `GET /api/v1/adverts` holds (`?limit=` up to this). */
export const MAX_ADVERTS_PAGE = 500;
