import type { FastifyInstance } from 'fastify';

/**
 * Every route declares who may call it: `public: true`, or (issue 3) the
 * permission it needs. A route that declares neither stops the application
 * from starting, so no route can be forgotten.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    public?: boolean;
    /** Several permissions: any one of them lets the caller in. */
    permission?: string | readonly string[];
    /**
     * A public form that only reads (a search posted so that a location stays out of the URL):
     * it changes nothing, so it needs no CSRF token — a person in distress with cookies off can use it.
     */
    readOnly?: boolean;
    /**
     * A page route called by the page's own script (fetch): errors answer in the API's JSON shape, and a
     * missing session is a 401 rather than a redirect to the sign-in page.
     */
    jsonErrors?: boolean;
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  access: string;
  /** A public search form without side effects (no CSRF token). */
  readOnly: boolean;
}

/** The OpenAPI browser's own routes (static assets of a documentation page). */
const publicPrefixes = ['/api/docs'];

export function enforceRouteAccess(app: FastifyInstance): DeclaredRoute[] {
  const declared: DeclaredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const config = route.config as { public?: boolean; permission?: string | readonly string[]; readOnly?: boolean } | undefined;
    if (config?.readOnly && !config.public) throw new Error(`Route ${route.url}: readOnly forms must be public`);
    const methods = [route.method].flat().join(',');
    const access =
      (config?.permission ? [config.permission].flat().join(' | ') : undefined) ??
      (config?.public ? 'public' : publicPrefixes.some((p) => route.url.startsWith(p)) ? 'public' : undefined);
    if (!access) throw new Error(`Route ${methods} ${route.url} declares neither public access nor a permission`);
    declared.push({ method: methods, url: route.url, access, readOnly: config?.readOnly === true });
  });
  return declared;
}
