/** The assessment-engine schema's migrations, oldest first. */
export const AssessmentEngineMigrations: Function[] = [];
