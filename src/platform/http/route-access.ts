import type { FastifyInstance } from 'fastify';

/**
 * Every route declares who may call it: `public: true`, or (issue 3) the
 * permission it needs. A route that declares neither stops the application
 * from starting, so no route can be forgotten.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    public?: boolean;
    permission?: string;
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: string;
}

/** The OpenAPI browser's own routes (static assets of a documentation page). */
const publicPrefixes = ['/api/docs'];

export function enforceRouteAccess(app: FastifyInstance): DeclaredRoute[] {
  const declared: DeclaredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const config = route.config as { public?: boolean; permission?: string } | undefined;
    const methods = [route.method].flat().join(',');
    const access =
      config?.permission ??
      (config?.public ? 'public' : publicPrefixes.some((p) => route.url.startsWith(p)) ? 'public' : undefined);
    if (!access) throw new Error(`Route ${methods} ${route.url} declares neither public access nor a permission`);
    declared.push({ method: methods, url: route.url, access });
  });
  return declared;
}
