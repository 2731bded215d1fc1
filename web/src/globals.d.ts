// Stylesheets are imported for their side effects; Next bundles them.
declare module "*.css";
