/** The policy-registry schema's migrations, oldest first. */
export const PolicyRegistryMigrations: Function[] = [];
