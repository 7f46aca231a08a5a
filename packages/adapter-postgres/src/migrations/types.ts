/**
 * One schema version. `statements` receives the quoted schema name and returns the DDL,
 * one statement per string, applied in order inside one transaction. A migration, once
 * released, never changes: `migrate` records a checksum of its statements and refuses to
 * run against a database whose applied migrations differ from the shipped ones.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: (schema: string) => readonly string[];
}
