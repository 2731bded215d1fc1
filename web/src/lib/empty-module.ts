// Stands in for optional packages that wallet connectors load on use but this dapp never uses
// (@base-org/account, whose tree pulls in server-only SDKs with uninstalled peers).
export {};
