// Wire types of the provider API (`/api/v1`), mirrored from provider-node's zod schemas as
// plain types so this client needs neither zod nor the provider package.

/** A VM as the API shows it to its owner. */
export type VmView = {
  id: string;
  name: string;
  status: "creating" | "starting" | "running" | "stopping" | "stopped" | "destroying" | "failed";
  resources: { cpu: number; memoryGiB: number; storageGiB: number };
  sshPort: number;
  streamId: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
};

/** Body of `POST /api/v1/vms`. */
export type CreateVmBody = {
  name: string;
  cpu: number;
  memoryGiB: number;
  storageGiB: number;
  /** One OpenSSH public key line. */
  sshPublicKey: string;
  cloudInit?: string | undefined;
};

/** How to reach a VM over SSH (`GET /api/v1/vms/{id}/access`). */
export type AccessView = { host: string; port: number; user: string; sshCommand: string };

/** Answer of `DELETE /api/v1/vms/{id}`. */
export type DestroyedView = { id: string; status: "destroyed" };

/** Answer of `POST /api/v1/auth/nonce`: what the SIWE message must say. */
export type NonceView = {
  nonce: string;
  domain: string;
  uri: string;
  chainId: number;
  statement: string;
  expiresAt: string;
};

/** A session after sign-in (`POST /api/v1/auth/verify`). */
export type SessionView = { token: string; address: string; expiresAt: string };

type Amounts = { cpu: number; memoryGiB: number; storageGiB: number };

/** Answer of `GET /api/v1/provider/info`. */
export type ProviderInfoView = {
  providerId: string | null;
  name: string;
  country: string | null;
  network: string;
  version: string;
  driver: { name: string; accel: "kvm" | "tcg" | null; usable: boolean; reason: string | null };
  resources: {
    total: Amounts;
    free: Amounts;
    vms: { max: number; used: number; free: number };
  };
  prices: unknown;
  paymentsEnabled: boolean;
  apiExtensions: string[];
};
