type Body = Record<string, string | string[] | undefined>;

/** One value of a posted form field ('' when absent; the first when the form repeats it). */
export const field = (body: unknown, name: string) => [(body as Body | undefined)?.[name] ?? ''].flat()[0] ?? '';
