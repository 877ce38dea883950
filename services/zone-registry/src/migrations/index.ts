/** The zone-registry schema's migrations, oldest first. */
export const ZoneRegistryMigrations: Function[] = [];
