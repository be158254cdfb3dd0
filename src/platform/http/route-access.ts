/**
 * Every route declares who may call it: `public: true`, or (issue 3) the
 * permission it needs. A test walks the registered routes and fails on any
 * route that declares neither.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    public?: boolean;
    permission?: string;
  }
}

export {};
