/**
 * Environment variables, as `process.env` holds them (typed here, so that the package's
 * declarations need no Node.js types).
 */
export type Environment = { readonly [name: string]: string | undefined };
