/** The notifier schema's migrations, oldest first. */
export const NotifierMigrations: Function[] = [];
