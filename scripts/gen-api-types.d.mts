/** Types of scripts/gen-api-types.mjs for the staleness test. */
export declare const SCHEMA_FILE: string;
export declare function renderTypes(doc: unknown): Promise<string>;
